import { describe, expect, it } from 'vitest';

import { getAtPath, parseFieldPath } from '../src/index.ts';

describe('parseFieldPath', () => {
  it('splits dotted keys and indexes', () => {
    expect(parseFieldPath('messages[0].content')).toEqual(['messages', 0, 'content']);
    expect(parseFieldPath('a.b.c')).toEqual(['a', 'b', 'c']);
    expect(parseFieldPath(3)).toEqual([3]);
  });

  it('reads quoted keys that contain dots and commas', () => {
    expect(parseFieldPath('category["drug_abuse,weapons"].x')).toEqual([
      'category',
      'drug_abuse,weapons',
      'x',
    ]);
    expect(parseFieldPath("meta['a.b']")).toEqual(['meta', 'a.b']);
  });

  it('rejects malformed paths', () => {
    expect(() => parseFieldPath('')).toThrow(/empty/);
    expect(() => parseFieldPath('a[0')).toThrow(/without a closing/);
    expect(() => parseFieldPath('a[x]')).toThrow(/use a number or a quoted key/);
    expect(() => parseFieldPath('a.')).toThrow(/ends with/);
    expect(() => parseFieldPath('a..b')).toThrow(/empty key/);
  });
});

describe('getAtPath', () => {
  const value = { a: { b: [{ c: 'deep' }] }, list: [1, 2] };

  it('follows keys and indexes', () => {
    expect(getAtPath(value, ['a', 'b', 0, 'c'])).toBe('deep');
    expect(getAtPath(value, ['list', 1])).toBe(2);
  });

  it('returns undefined for missing steps', () => {
    expect(getAtPath(value, ['a', 'x'])).toBeUndefined();
    expect(getAtPath(value, ['list', 5])).toBeUndefined();
    expect(getAtPath(value, ['a', 0])).toBeUndefined();
    expect(getAtPath(value, ['a', 'b', 0, 'c', 'd'])).toBeUndefined();
  });

  it('ignores inherited properties', () => {
    expect(getAtPath(value, ['constructor'])).toBeUndefined();
    expect(getAtPath(value, ['__proto__'])).toBeUndefined();
  });
});
