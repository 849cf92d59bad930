/** Where a command writes: results on stdout, progress and errors on stderr. */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}
