export {
  REPORT_SCHEMA_VERSION,
  checkpointReportSchema,
  harmfulSummarySchema,
  referenceScoresSchema,
  reportSchema,
  verdictCountsSchema,
  type CheckpointReport,
  type HarmfulSummary,
  type ReferenceScores,
  type Report,
  type ReportInput,
} from './schema.ts';
export { ReportFileError } from './errors.ts';
export { readReportJson, writeFileAtomic, writeHtmlReport, writeReportJson } from './files.ts';
export { renderHtmlReport } from './html.ts';
export { renderSummaryTable } from './table.ts';
export { escapeHtml, niceCeiling, renderBarChart, renderLineChart, type LineSeries } from './svg.ts';
