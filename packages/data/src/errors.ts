/**
 * The position of a problem in a dataset file: the path, the 1-based line when the format has
 * lines, else the 1-based record number (elements of a JSON array), and the field.
 */
export interface DataLocation {
  file: string;
  line?: number;
  record?: number;
  field?: string;
}

/**
 * A dataset file that cannot be read, parsed or mapped to prompt records. The message names the
 * file, the line and the field, the expected and the found value, and what to change.
 */
export class PromptSetError extends Error {
  override readonly name = 'PromptSetError';
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(location: DataLocation, problem: string) {
    super(`${formatLocation(location)}: ${problem}`);
    this.file = location.file;
    this.line = location.line;
    this.field = location.field;
  }
}

/** A shipped data file that is missing or does not match its schema (regenerate it with the generator). */
export class BuiltinDataError extends Error {
  override readonly name = 'BuiltinDataError';
}

function formatLocation(location: DataLocation): string {
  let where = location.file;
  if (location.line !== undefined) where = `${where}:${location.line}`;
  else if (location.record !== undefined) where = `${where}, record ${location.record}`;
  return location.field === undefined ? where : `${where}, field "${location.field}"`;
}
