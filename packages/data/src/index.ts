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
export {
  ComplianceTemplateSchema,
  HARM_CATEGORIES,
  HarmfulPromptSchema,
  InstructionSchema,
  RefusalTemplateSchema,
  SqlExampleSchema,
  SummaryExampleSchema,
  TOXICITY_LABELS,
  ToxicityExampleSchema,
  type ComplianceTemplate,
  type HarmCategory,
  type HarmfulPrompt,
  type Instruction,
  type RefusalTemplate,
  type SqlExample,
  type SummaryExample,
  type ToxicityExample,
  type ToxicityLabel,
} from './schemas.ts';
export {
  BUILTIN_SETS,
  TASK_NAMES,
  TASK_SPLITS,
  TASKS,
  type BuiltinRecord,
  type BuiltinSetName,
  type BuiltinSplit,
  type TaskName,
  type TaskRecord,
  type TaskSplit,
} from './builtinSets.ts';
export {
  builtinDataPath,
  builtinDataset,
  DATA_DIR,
  harmfulExamples,
  taskDataPath,
  taskDataset,
  type TaskExample,
} from './builtin.ts';
