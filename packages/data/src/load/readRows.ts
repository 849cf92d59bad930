import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { PromptSetError, type DataLocation } from '../errors.ts';
import { parseCsv } from './csv.ts';
import { getAtPath, parseFieldPath, type FieldPath } from './fieldPath.ts';

export type PromptSetFormat = 'jsonl' | 'csv' | 'json';

/** One record of a dataset file before field mapping, with a reader for field paths. */
export interface RawRow {
  location: DataLocation;
  /** 0-based position of the record in the file. */
  index: number;
  /** Returns the value at `path`, or `undefined` when the record has no such field. */
  get(path: FieldPath): unknown;
  /** The field names the record has, for error messages. */
  keys(): string[];
}

export interface ReadRowsOptions {
  format: PromptSetFormat;
  /** CSV only: whether the first record names the columns. */
  header: boolean;
  delimiter: string;
}

const COMPRESSED_EXTENSIONS = new Set(['.xz', '.bz2', '.zst', '.zip']);

/** Picks the format from the file name (`.jsonl`, `.ndjson`, `.json`, `.csv`), ignoring a compression suffix such as `.gz`. */
export function formatFromPath(path: string): PromptSetFormat | undefined {
  const name = path.toLowerCase().replace(/\.(gz|xz|bz2|zst|zip)$/, '');
  const extension = extname(name);
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  if (extension === '.json') return 'json';
  if (extension === '.csv') return 'csv';
  return undefined;
}

/** Reads `path` (gunzipping `.gz`), decodes UTF-8 and splits it into raw rows of `options.format`. */
export async function readRows(path: string, options: ReadRowsOptions): Promise<RawRow[]> {
  const text = await readText(path);
  if (options.format === 'csv') return csvRows(text, path, options);
  if (options.format === 'jsonl') return jsonLinesRows(text, path);
  return jsonRows(text, path);
}

async function readText(path: string): Promise<string> {
  const extension = extname(path).toLowerCase();
  if (COMPRESSED_EXTENSIONS.has(extension)) {
    throw new PromptSetError(
      { file: path },
      `${extension} files are not supported; decompress the file first (only .gz is read directly)`,
    );
  }

  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(error)})`;
    throw new PromptSetError({ file: path }, `${problem}; check the path`);
  }
  if (extension === '.gz') bytes = gunzipSync(bytes);

  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
  } catch {
    throw new PromptSetError({ file: path }, 'invalid UTF-8; convert the file to UTF-8');
  }
}

function csvRows(text: string, file: string, options: ReadRowsOptions): RawRow[] {
  const records = parseCsv(text, { file, delimiter: options.delimiter });
  if (!options.header) {
    return records.map((record, index) => csvRow(file, record.fields, record.line, index, undefined));
  }

  const [headerRecord, ...dataRecords] = records;
  if (headerRecord === undefined) return [];
  const header = headerRecord.fields;
  const duplicate = header.find((name, i) => header.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new PromptSetError(
      { file, line: headerRecord.line },
      `the header names column ${JSON.stringify(duplicate)} twice; column names must be unique`,
    );
  }

  return dataRecords.map((record, index) => {
    if (record.fields.length !== header.length) {
      throw new PromptSetError(
        { file, line: record.line },
        `expected ${header.length} fields as in the header, found ${record.fields.length}; quote fields that contain "${options.delimiter}" or line breaks`,
      );
    }
    return csvRow(file, record.fields, record.line, index, header);
  });
}

function csvRow(
  file: string,
  fields: string[],
  line: number,
  index: number,
  header: string[] | undefined,
): RawRow {
  return {
    location: { file, line },
    index,
    get(path) {
      if (typeof path === 'number') return fields[path];
      const column = header === undefined ? -1 : header.indexOf(path);
      return column < 0 ? undefined : fields[column];
    },
    keys: () => header ?? fields.map((_, column) => String(column)),
  };
}

function jsonLinesRows(text: string, file: string): RawRow[] {
  const rows: RawRow[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const location = { file, line: i + 1 };
    rows.push(objectRow(parseJson(lines[i], location), location, rows.length));
  }
  return rows;
}

/**
 * Reads a JSON array of objects. Like the Hugging Face `json` loader, a file that is not one
 * JSON value but one object per line (CatQA ships `catqa_english.json` this way) is read as
 * JSON Lines.
 */
function jsonRows(text: string, file: string): RawRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    if (text.trimStart().startsWith('{')) return jsonLinesRows(text, file);
    throw new PromptSetError(
      { file },
      `invalid JSON (${(error as Error).message}); expected an array of objects`,
    );
  }

  if (!Array.isArray(parsed)) {
    if (isPlainObject(parsed)) return [objectRow(parsed, { file, record: 1 }, 0)];
    throw new PromptSetError({ file }, `expected a JSON array of objects, found ${describe(parsed)}`);
  }
  return parsed.map((value, index) => {
    const location = { file, record: index + 1 };
    return objectRow(requireObject(value, location), location, index);
  });
}

function parseJson(line: string, location: DataLocation): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new PromptSetError(
      location,
      `invalid JSON (${(error as Error).message}); each line must be one JSON object`,
    );
  }
  return requireObject(value, location);
}

function requireObject(value: unknown, location: DataLocation): Record<string, unknown> {
  if (!isPlainObject(value))
    throw new PromptSetError(location, `expected a JSON object, found ${describe(value)}`);
  return value;
}

function objectRow(value: Record<string, unknown>, location: DataLocation, index: number): RawRow {
  return {
    location,
    index,
    get: (path) => getAtPath(value, parseFieldPath(path)),
    keys: () => Object.keys(value),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Names the JSON type of `value` for messages: `a string`, `an array`, `null`. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object'
    ? 'an object'
    : `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
}
