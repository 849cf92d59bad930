import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ReportFileError } from './errors.ts';
import { renderHtmlReport } from './html.ts';
import { reportSchema, type Report, type ReportInput } from './schema.ts';

/** Writes `text` to a temp file beside `path` and renames it over `path`, so readers never see half a file. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Validates `report` and writes it as pretty-printed JSON. Returns the validated report. */
export function writeReportJson(path: string, report: ReportInput): Report {
  const parsed = reportSchema.parse(report);
  writeFileAtomic(path, `${JSON.stringify(parsed, null, 2)}\n`);
  return parsed;
}

/** Reads and validates a report.json; errors name the file and each invalid field. */
export function readReportJson(path: string): Report {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ReportFileError(`cannot read report ${path}: ${(error as Error).message}`, path, {
      cause: error,
    });
  }

  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    throw new ReportFileError(
      `report ${path} does not match report schema version 1:\n${z.prettifyError(parsed.error)}`,
      path,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/** Validates `report` and writes the self-contained HTML page. */
export function writeHtmlReport(path: string, report: ReportInput): void {
  writeFileAtomic(path, renderHtmlReport(reportSchema.parse(report)));
}
