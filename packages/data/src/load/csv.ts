import { PromptSetError } from '../errors.ts';

/** One CSV record: its fields and the 1-based line on which it starts. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

export interface CsvOptions {
  /** The file the text came from, for error messages. */
  file: string;
  /** Field separator, one character. Default `,`. */
  delimiter?: string;
}

/**
 * Parses CSV text as RFC 4180 describes it: fields separated by the delimiter, records by CRLF
 * (LF and a lone CR are accepted too), double-quoted fields that may contain delimiters, line
 * breaks and `""` for a literal quote. A leading UTF-8 byte order mark is dropped. Blank lines
 * outside quotes are skipped, so a trailing line break does not add an empty record.
 *
 * Like Python's `csv` module, a quote inside an unquoted field is kept as a literal character.
 * Text after a closing quote other than a delimiter or line break throws `PromptSetError`, as
 * does a quoted field that never closes.
 */
export function parseCsv(text: string, options: CsvOptions): CsvRecord[] {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new PromptSetError(
      { file: options.file },
      `invalid CSV delimiter ${JSON.stringify(delimiter)}; use one character other than a quote or line break`,
    );
  }

  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoteLine = 0;
  let state: 'fieldStart' | 'unquoted' | 'quoted' | 'afterQuote' = 'fieldStart';
  let recordHasContent = false;

  const endRecord = (): void => {
    if (recordHasContent) {
      fields.push(field);
      records.push({ fields, line: recordLine });
    }
    fields = [];
    field = '';
    recordHasContent = false;
    state = 'fieldStart';
  };

  for (let i = 0; i < source.length; i++) {
    const char = source[i];

    if (state === 'quoted') {
      if (char === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          state = 'afterQuote';
        }
      } else {
        if (char === '\n' || (char === '\r' && source[i + 1] !== '\n')) line++;
        field += char;
      }
      continue;
    }

    if (char === '\r' || char === '\n') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
      continue;
    }

    if (char === delimiter) {
      fields.push(field);
      field = '';
      recordHasContent = true;
      state = 'fieldStart';
      continue;
    }

    if (state === 'afterQuote') {
      throw new PromptSetError(
        { file: options.file, line },
        `unexpected ${JSON.stringify(char)} after a closing quote; a quoted field must end at a delimiter or line break (write a literal quote as "")`,
      );
    }

    if (state === 'fieldStart' && char === '"') {
      state = 'quoted';
      quoteLine = line;
      recordHasContent = true;
      continue;
    }

    field += char;
    recordHasContent = true;
    state = 'unquoted';
  }

  if (state === 'quoted') {
    throw new PromptSetError(
      { file: options.file, line: quoteLine },
      'quoted field is never closed; add the closing quote',
    );
  }
  endRecord();
  return records;
}
