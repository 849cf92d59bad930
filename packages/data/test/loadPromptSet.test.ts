import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadPromptSet, PromptSetError } from '../src/index.ts';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'realign-data-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

describe('loadPromptSet on JSONL', () => {
  it('reads default fields and skips blank lines', async () => {
    const path = await file(
      'plain.jsonl',
      '{"prompt":"p1","response":"r1","label":"x","category":"c"}\n\n{"prompt":"p2"}\n',
    );
    const records = await loadPromptSet(path);
    expect(records).toEqual([
      {
        prompt: 'p1',
        response: 'r1',
        label: 'x',
        categories: ['c'],
        source: { file: path, line: 1, index: 0 },
      },
      { prompt: 'p2', categories: [], source: { file: path, line: 3, index: 1 } },
    ]);
  });

  it('maps nested paths and category dictionaries', async () => {
    const line = {
      messages: [{ content: 'nested prompt' }, { content: 'nested answer' }],
      meta: { flags: { theft: true, fraud: false, 'a.b': true }, safe: false },
    };
    const path = await file('nested.jsonl', JSON.stringify(line));
    const [record] = await loadPromptSet(path, {
      fields: {
        prompt: 'messages[0].content',
        response: 'messages[1].content',
        category: 'meta.flags',
        label: 'meta.safe',
      },
    });
    expect(record.prompt).toBe('nested prompt');
    expect(record.response).toBe('nested answer');
    expect(record.categories).toEqual(['theft', 'a.b']);
    expect(record.label).toBe(false);
  });

  it('tries alternative paths in order', async () => {
    const path = await file('alt.jsonl', '{"question":"q1"}\n{"prompt":"p2","question":"q2"}\n');
    const records = await loadPromptSet(path, { fields: { prompt: ['prompt', 'question'] } });
    expect(records.map((record) => record.prompt)).toEqual(['q1', 'p2']);
  });

  it('names the line of invalid JSON', async () => {
    const path = await file('broken.jsonl', '{"prompt":"ok"}\n{"prompt": oops}\n');
    await expect(loadPromptSet(path)).rejects.toThrow(/broken\.jsonl:2: invalid JSON/);
  });

  it('names the file, line and field of a missing prompt', async () => {
    const path = await file('missing.jsonl', '{"prompt":"ok"}\n{"goal":"g","target":"t"}\n');
    const error = await loadPromptSet(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PromptSetError);
    expect((error as PromptSetError).line).toBe(2);
    expect((error as PromptSetError).field).toBe('prompt');
    expect((error as Error).message).toContain(
      'missing.jsonl:2, field "prompt": missing: no value at "prompt"; the record has "goal", "target"',
    );
  });

  it('rejects a mapped field the record lacks', async () => {
    const path = await file('noresponse.jsonl', '{"prompt":"p"}\n');
    await expect(loadPromptSet(path, { fields: { response: 'answer' } })).rejects.toThrow(
      /field "response": missing/,
    );
  });

  it('rejects wrong field types', async () => {
    const numberPrompt = await file('numprompt.jsonl', '{"prompt":5}\n');
    await expect(loadPromptSet(numberPrompt)).rejects.toThrow(
      /field "prompt": expected a string at "prompt", found a number \(5\)/,
    );

    const mixedFlags = await file('flags.jsonl', '{"prompt":"p","category":{"a":true,"b":"yes"}}\n');
    await expect(loadPromptSet(mixedFlags)).rejects.toThrow(/must map names to booleans; "b" is a string/);

    const objectLabel = await file('objlabel.jsonl', '{"prompt":"p","label":{"x":1}}\n');
    await expect(loadPromptSet(objectLabel)).rejects.toThrow(
      /field "label": expected a string, number or boolean/,
    );
  });

  it('rejects an empty prompt and a non-object line', async () => {
    const empty = await file('empty.jsonl', '{"prompt":"  "}\n');
    await expect(loadPromptSet(empty)).rejects.toThrow(/empty\.jsonl:1, field "prompt": the prompt is empty/);

    const array = await file('array.jsonl', '["p"]\n');
    await expect(loadPromptSet(array)).rejects.toThrow(
      /array\.jsonl:1: expected a JSON object, found an array/,
    );
  });

  it('reads gzipped files', async () => {
    const path = await file('zipped.jsonl.gz', gzipSync('{"prompt":"zipped"}\n'));
    expect((await loadPromptSet(path))[0].prompt).toBe('zipped');
  });
});

describe('loadPromptSet on JSON and CSV', () => {
  it('reads a JSON array and names the record of a bad element', async () => {
    const good = await file('list.json', '[{"prompt":"a"},{"prompt":"b","category":["x","y"]}]');
    const records = await loadPromptSet(good);
    expect(records.map((record) => record.prompt)).toEqual(['a', 'b']);
    expect(records[1].categories).toEqual(['x', 'y']);
    expect(records[1].source).toEqual({ file: good, line: undefined, index: 1 });

    const bad = await file('badlist.json', '[{"prompt":"a"}, 7]');
    await expect(loadPromptSet(bad)).rejects.toThrow(
      /badlist\.json, record 2: expected a JSON object, found a number/,
    );
  });

  it('reads CSV with header, quotes and embedded line breaks', async () => {
    const path = await file(
      'set.csv',
      '\uFEFFprompt,response,category\r\n"first, with comma","line one\nline two",fraud\r\nsecond,,\r\n',
    );
    const records = await loadPromptSet(path);
    expect(records[0]).toEqual({
      prompt: 'first, with comma',
      response: 'line one\nline two',
      categories: ['fraud'],
      source: { file: path, line: 2, index: 0 },
    });
    expect(records[1]).toEqual({
      prompt: 'second',
      response: '',
      categories: [],
      source: { file: path, line: 4, index: 1 },
    });
  });

  it('maps CSV columns by name or index', async () => {
    const path = await file('cols.csv', 'q;a\nask;answer\n');
    const byName = await loadPromptSet(path, {
      csv: { delimiter: ';' },
      fields: { prompt: 'q', response: 'a' },
    });
    const byIndex = await loadPromptSet(path, {
      csv: { delimiter: ';' },
      fields: { prompt: 0, response: 1 },
    });
    expect(byName[0]).toMatchObject({ prompt: 'ask', response: 'answer' });
    expect(byIndex[0]).toMatchObject({ prompt: 'ask', response: 'answer' });
  });

  it('rejects a CSV row with the wrong field count', async () => {
    const path = await file('ragged.csv', 'prompt,response\na,b\nc,d,e\n');
    await expect(loadPromptSet(path)).rejects.toThrow(
      /ragged\.csv:3: expected 2 fields as in the header, found 3/,
    );
  });

  it('rejects duplicate header names', async () => {
    const path = await file('dup.csv', 'prompt,prompt\na,b\n');
    await expect(loadPromptSet(path)).rejects.toThrow(/dup\.csv:1: the header names column "prompt" twice/);
  });
});

describe('loadPromptSet options and files', () => {
  it('rejects a missing file', async () => {
    await expect(loadPromptSet(join(folder, 'absent.jsonl'))).rejects.toThrow(
      /absent\.jsonl: file not found/,
    );
  });

  it('rejects an unknown extension without a format', async () => {
    const path = await file('prompts.txt', 'x');
    await expect(loadPromptSet(path)).rejects.toThrow(/cannot tell the format/);
    expect((await loadPromptSet(path, { format: 'csv', csv: { header: false } }))[0].prompt).toBe('x');
  });

  it('rejects invalid options', async () => {
    const path = await file('opts.jsonl', '{"prompt":"p"}');
    await expect(loadPromptSet(path, { fields: { prompt: 'a[' } })).rejects.toThrow(
      /invalid loadPromptSet options: fields\.prompt/,
    );
    // @ts-expect-error: an unknown preset is a type error too.
    await expect(loadPromptSet(path, { preset: 'nope' })).rejects.toThrow(/preset/);
  });

  it('rejects xz files with advice', async () => {
    const path = await file('set.jsonl.xz', 'x');
    await expect(loadPromptSet(path)).rejects.toThrow(/\.xz files are not supported; decompress/);
  });

  it('rejects invalid UTF-8', async () => {
    const path = await file('latin1.jsonl', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]));
    await expect(loadPromptSet(path)).rejects.toThrow(/invalid UTF-8/);
  });
});
