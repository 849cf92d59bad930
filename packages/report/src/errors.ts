/** A report.json that is missing, is not JSON or does not match the schema. */
export class ReportFileError extends Error {
  override name = 'ReportFileError';

  constructor(
    message: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
