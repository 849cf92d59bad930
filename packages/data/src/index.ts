export { BuiltinDataError, PromptSetError, type DataLocation } from './errors.ts';
export { parseCsv, type CsvOptions, type CsvRecord } from './load/csv.ts';
export { getAtPath, parseFieldPath, type FieldPath, type PathSegment } from './load/fieldPath.ts';
export {
  loadPromptSet,
  LoadPromptSetOptionsSchema,
  type LoadPromptSetOptions,
  type PromptRecord,
} from './load/loadPromptSet.ts';
export {
  HEX_PHI_CATEGORIES,
  PROMPT_SET_PRESET_NAMES,
  PROMPT_SET_PRESETS,
  type FieldMapping,
  type FieldSpec,
  type PromptSetPreset,
  type PromptSetPresetName,
} from './load/presets.ts';
export { formatFromPath, type PromptSetFormat } from './load/readRows.ts';
