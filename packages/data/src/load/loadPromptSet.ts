import { z } from 'zod';

import { PromptSetError } from '../errors.ts';
import { parseFieldPath, type FieldPath } from './fieldPath.ts';
import {
  PROMPT_SET_PRESET_NAMES,
  PROMPT_SET_PRESETS,
  type FieldMapping,
  type FieldSpec,
  type MappedField,
  type PromptSetPresetName,
} from './presets.ts';
import { describe, formatFromPath, readRows, type PromptSetFormat, type RawRow } from './readRows.ts';

/** One prompt of a loaded set, with the optional response, label and categories the file gives. */
export interface PromptRecord {
  prompt: string;
  response?: string;
  /** A class label as the file stores it, for example BeaverTails' `is_safe` boolean. */
  label?: string | number | boolean;
  /** Zero or more category names; an object of booleans becomes the names whose value is true. */
  categories: string[];
  /** The file, the 1-based line (absent for elements of a JSON array) and the 0-based record index. */
  source: { file: string; line?: number; index: number };
}

const fieldPathSchema = z
  .union([z.string().min(1), z.number().int().nonnegative()])
  .superRefine((path, context) => {
    try {
      parseFieldPath(path);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });
const fieldSpecSchema = z.union([fieldPathSchema, z.array(fieldPathSchema).min(1)]);

export const LoadPromptSetOptionsSchema = z
  .object({
    format: z.enum(['jsonl', 'csv', 'json']).optional(),
    preset: z.enum(PROMPT_SET_PRESET_NAMES as [PromptSetPresetName, ...PromptSetPresetName[]]).optional(),
    fields: z
      .object({
        prompt: fieldSpecSchema,
        response: fieldSpecSchema,
        label: fieldSpecSchema,
        category: fieldSpecSchema,
      })
      .partial()
      .strict()
      .optional(),
    csv: z
      .object({
        header: z.boolean().optional(),
        delimiter: z.string().length(1).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * How to read a prompt set. `fields` overrides the preset's mapping field by field. Without a
 * preset or mapping, `prompt` is read from the field `prompt` (column 0 of a CSV file without a
 * header) and `response`, `label` and `category` from fields of those names when present.
 */
export interface LoadPromptSetOptions {
  format?: PromptSetFormat;
  preset?: PromptSetPresetName;
  fields?: FieldMapping;
  csv?: { header?: boolean; delimiter?: string };
}

interface ResolvedMapping {
  fields: Required<Pick<FieldMapping, 'prompt'>> & FieldMapping;
  /** Fields that read as absent when a record lacks them. */
  optional: Set<MappedField>;
  fileCategory: string | undefined;
}

/**
 * Loads prompt records from a JSONL, JSON or CSV file (optionally gzipped). Throws
 * `PromptSetError` naming the file, line and field for unreadable files, malformed records and
 * fields that are missing or of the wrong type.
 */
export async function loadPromptSet(
  path: string,
  options: LoadPromptSetOptions = {},
): Promise<PromptRecord[]> {
  const parsed = LoadPromptSetOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`,
    );
    throw new PromptSetError({ file: path }, `invalid loadPromptSet options: ${issues.join('; ')}`);
  }

  const preset = options.preset === undefined ? undefined : PROMPT_SET_PRESETS[options.preset];
  const format = options.format ?? preset?.format ?? formatFromPath(path);
  if (format === undefined) {
    throw new PromptSetError(
      { file: path },
      'cannot tell the format from the file extension; set format to jsonl, json or csv',
    );
  }
  const header = options.csv?.header ?? preset?.header ?? true;
  const rows = await readRows(path, { format, header, delimiter: options.csv?.delimiter ?? ',' });

  const mapping = resolveMapping(options, format, header, preset?.categoryFromFile?.(path));
  return rows.map((row) => mapRow(row, mapping));
}

function resolveMapping(
  options: LoadPromptSetOptions,
  format: PromptSetFormat,
  header: boolean,
  fileCategory: string | undefined,
): ResolvedMapping {
  const preset = options.preset === undefined ? undefined : PROMPT_SET_PRESETS[options.preset];
  const defaults: ResolvedMapping['fields'] = {
    prompt: format === 'csv' && !header ? 0 : 'prompt',
    response: 'response',
    label: 'label',
    category: 'category',
  };
  const optional = new Set<MappedField>(['response', 'label', 'category']);

  if (preset !== undefined) {
    optional.clear();
    for (const field of preset.optionalFields) optional.add(field);
  }
  for (const field of Object.keys(options.fields ?? {}) as MappedField[]) optional.delete(field);

  const fields =
    preset === undefined
      ? { ...defaults, ...options.fields }
      : { prompt: defaults.prompt, ...preset.fields, ...options.fields };
  return { fields, optional, fileCategory };
}

function mapRow(row: RawRow, mapping: ResolvedMapping): PromptRecord {
  const prompt = readString(row, 'prompt', mapping);
  if (prompt === undefined || prompt.trim() === '') {
    throw new PromptSetError(
      { ...row.location, field: 'prompt' },
      'the prompt is empty; every record needs a non-empty prompt',
    );
  }

  const record: PromptRecord = {
    prompt,
    categories: readCategories(row, mapping),
    source: { file: row.location.file, line: row.location.line, index: row.index },
  };
  const response = readString(row, 'response', mapping);
  if (response !== undefined) record.response = response;
  const label = readLabel(row, mapping);
  if (label !== undefined) record.label = label;
  return record;
}

/** Returns the first present value among the field's alternatives; throws when a required field is absent. */
function readField(
  row: RawRow,
  field: MappedField,
  mapping: ResolvedMapping,
): { value: unknown; path?: FieldPath } {
  const spec: FieldSpec | undefined = mapping.fields[field];
  if (spec === undefined) return { value: undefined };

  const alternatives: readonly FieldPath[] = Array.isArray(spec) ? spec : [spec as FieldPath];
  for (const path of alternatives) {
    const value = row.get(path);
    if (value !== undefined && value !== null) return { value, path };
  }
  if (mapping.optional.has(field)) return { value: undefined };

  const tried = alternatives.map((path) => JSON.stringify(path)).join(' or ');
  throw new PromptSetError(
    { ...row.location, field },
    `missing: no value at ${tried}; the record has ${
      row
        .keys()
        .map((key) => JSON.stringify(key))
        .join(', ') || 'no fields'
    }. ` + `Set fields.${field} to the path that holds it, or pick a preset`,
  );
}

function readString(row: RawRow, field: 'prompt' | 'response', mapping: ResolvedMapping): string | undefined {
  const { value, path } = readField(row, field, mapping);
  if (value === undefined || typeof value === 'string') return value;
  throw new PromptSetError(
    { ...row.location, field },
    `expected a string at ${JSON.stringify(path)}, found ${describe(value)}`,
  );
}

function readLabel(row: RawRow, mapping: ResolvedMapping): string | number | boolean | undefined {
  const { value, path } = readField(row, 'label', mapping);
  if (value === undefined || ['string', 'number', 'boolean'].includes(typeof value))
    return value as string | number | boolean | undefined;
  throw new PromptSetError(
    { ...row.location, field: 'label' },
    `expected a string, number or boolean at ${JSON.stringify(path)}, found ${describe(value)}`,
  );
}

function readCategories(row: RawRow, mapping: ResolvedMapping): string[] {
  const { value, path } = readField(row, 'category', mapping);
  if (value === undefined) return mapping.fileCategory === undefined ? [] : [mapping.fileCategory];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;

  if (typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    const notBoolean = entries.find(([, flag]) => typeof flag !== 'boolean');
    if (notBoolean === undefined) return entries.filter(([, flag]) => flag).map(([name]) => name);
    throw new PromptSetError(
      { ...row.location, field: 'category' },
      `category object at ${JSON.stringify(path)} must map names to booleans; ${JSON.stringify(notBoolean[0])} is ${describe(notBoolean[1])}`,
    );
  }
  throw new PromptSetError(
    { ...row.location, field: 'category' },
    `expected a string, a list of strings or an object of booleans at ${JSON.stringify(path)}, found ${describe(value)}`,
  );
}
