import { basename } from 'node:path';

import type { FieldPath } from './fieldPath.ts';
import type { PromptSetFormat } from './readRows.ts';

/** A field mapping entry: one path, or alternatives tried in order until one is present. */
export type FieldSpec = FieldPath | readonly FieldPath[];

/** The path of each prompt-record field in a source record. */
export interface FieldMapping {
  prompt?: FieldSpec;
  response?: FieldSpec;
  label?: FieldSpec;
  /** A string, a list of strings, or an object of booleans (`{ name: true }`, as in BeaverTails). */
  category?: FieldSpec;
}

export type MappedField = keyof FieldMapping;

/** The column layout of a public prompt set, so it loads by path alone. */
export interface PromptSetPreset {
  name: string;
  description: string;
  /** Format to use when the caller gives none; else the file extension decides. */
  format?: PromptSetFormat;
  fields: FieldMapping;
  /** Mapped fields that some files of the set lack; they read as absent instead of failing. */
  optionalFields: readonly MappedField[];
  /** CSV only: whether the first row is a header. */
  header?: boolean;
  /** The category of every record, derived from the file name (HEx-PHI keeps one category per file). */
  categoryFromFile?: (path: string) => string | undefined;
}

/** HEx-PHI's category names by the number in `category_N.csv`. */
export const HEX_PHI_CATEGORIES: Readonly<Record<number, string>> = {
  1: 'Illegal Activity',
  2: 'Child Abuse Content',
  3: 'Hate/Harass/Violence',
  4: 'Malware',
  5: 'Physical Harm',
  6: 'Economic Harm',
  7: 'Fraud/Deception',
  8: 'Adult Content',
  9: 'Political Campaigning',
  10: 'Privacy Violation Activity',
  11: 'Tailored Financial Advice',
};

const beavertails: PromptSetPreset = {
  name: 'beavertails',
  description:
    'PKU-Alignment/BeaverTails JSONL: prompt, response, category as an object of 14 booleans, is_safe as the label. ' +
    'BeaverTails-Evaluation files (prompt and a category string, no response) load with the same preset.',
  fields: { prompt: 'prompt', response: 'response', label: 'is_safe', category: 'category' },
  optionalFields: ['response', 'label', 'category'],
};

const advbench: PromptSetPreset = {
  name: 'advbench',
  description:
    'AdvBench harmful_behaviors.csv: header goal,target; goal is the prompt, target the affirmative response opening.',
  format: 'csv',
  header: true,
  fields: { prompt: 'goal', response: 'target' },
  optionalFields: [],
};

const hexPhi: PromptSetPreset = {
  name: 'hex-phi',
  description:
    'HEx-PHI category_N.csv: one prompt per row, no header; the category comes from N in the file name.',
  format: 'csv',
  header: false,
  fields: { prompt: 0 },
  optionalFields: [],
  categoryFromFile: (path) => {
    const match = /category_(\d+)/i.exec(basename(path));
    return match ? HEX_PHI_CATEGORIES[Number(match[1])] : undefined;
  },
};

const catqa: PromptSetPreset = {
  name: 'catqa',
  description:
    'declare-lab/CategoricalHarmfulQA (CatQA): catqa_english.json holds one object per line with Category, Subcategory and ' +
    'Question. The Hugging Face parquet export (prompt, category, subcategory) converted to JSON or CSV loads too.',
  fields: { prompt: ['Question', 'prompt'], category: ['Category', 'category'] },
  optionalFields: [],
};

/** The built-in presets by name. */
export const PROMPT_SET_PRESETS = {
  beavertails,
  advbench,
  'hex-phi': hexPhi,
  catqa,
} as const satisfies Record<string, PromptSetPreset>;

export type PromptSetPresetName = keyof typeof PROMPT_SET_PRESETS;

export const PROMPT_SET_PRESET_NAMES = Object.keys(PROMPT_SET_PRESETS) as PromptSetPresetName[];
