import { describe, expect, it } from 'vitest';

import { parseCsv, PromptSetError } from '../src/index.ts';

const parse = (text: string, delimiter?: string) => parseCsv(text, { file: 'in.csv', delimiter });

describe('parseCsv', () => {
  it('splits plain fields and CRLF records', () => {
    const records = parse('a,b,c\r\n1,2,3\r\n');
    expect(records.map((record) => record.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(records.map((record) => record.line)).toEqual([1, 2]);
  });

  it('keeps commas, quotes and line breaks inside quoted fields', () => {
    const records = parse('id,text\n1,"one, two"\n2,"say ""hi"""\n3,"first line\r\nsecond line"\n4,last\n');
    expect(records.map((record) => record.fields[1])).toEqual([
      'text',
      'one, two',
      'say "hi"',
      'first line\r\nsecond line',
      'last',
    ]);
    expect(records.map((record) => record.line)).toEqual([1, 2, 3, 4, 6]);
  });

  it('drops a byte order mark', () => {
    expect(parse('\uFEFFname\nx')[0].fields).toEqual(['name']);
  });

  it('keeps empty fields and empty quoted fields', () => {
    expect(parse(',,\n"",x,""')[0].fields).toEqual(['', '', '']);
    expect(parse(',,\n"",x,""')[1].fields).toEqual(['', 'x', '']);
  });

  it('skips blank lines and reads a last line without a break', () => {
    const records = parse('a\n\n\nb');
    expect(records.map((record) => record.fields)).toEqual([['a'], ['b']]);
    expect(records[1].line).toBe(4);
  });

  it('accepts lone CR line breaks', () => {
    expect(parse('a,b\rc,d').map((record) => record.fields)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('keeps a quote inside an unquoted field', () => {
    expect(parse('a 5" screen,x')[0].fields).toEqual(['a 5" screen', 'x']);
  });

  it('uses a custom delimiter', () => {
    expect(parse('a;"b;c"', ';')[0].fields).toEqual(['a', 'b;c']);
  });

  it('rejects an unclosed quote with its line', () => {
    expect(() => parse('a\n"never closed\nmore')).toThrow(PromptSetError);
    expect(() => parse('a\n"never closed\nmore')).toThrow(/in\.csv:2: quoted field is never closed/);
  });

  it('rejects text after a closing quote', () => {
    expect(() => parse('x\n"ab"c,d')).toThrow(/in\.csv:2: unexpected "c" after a closing quote/);
  });

  it('rejects a quote as delimiter', () => {
    expect(() => parse('a', '"')).toThrow(/invalid CSV delimiter/);
  });
});
