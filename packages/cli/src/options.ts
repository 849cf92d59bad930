/**
 * Flags of each command that are not recovery settings: which models, prompt sets, judge and
 * metric to use. Recovery settings come from @realign/pipeline's recoveryConfigSchema.
 */
import { PROMPT_SET_PRESET_NAMES } from '@realign/data';
import { HARM_JUDGES, TASK_METRICS } from '@realign/evaluators';
import { z } from 'zod';

const judgeNames = HARM_JUDGES.map((judge) => judge.name) as [string, ...string[]];
const metricNames = TASK_METRICS.map((metric) => metric.name) as [string, ...string[]];

/** Prompt-set, judge and metric flags shared by `recover` and `eval`. */
const evaluationFields = {
  harmfulEval: z
    .string()
    .optional()
    .describe(
      'Harmful prompts for the harmful rate at each checkpoint (JSONL, CSV or JSON path). Default: the shipped harmful eval split.',
    ),
  harmfulEvalPreset: z
    .enum(PROMPT_SET_PRESET_NAMES as unknown as [string, ...string[]])
    .optional()
    .describe('Field layout of --harmful-eval for a public set.'),
  overRefusal: z
    .string()
    .optional()
    .describe(
      'Benign prompts that sound alarming, for the over-refusal rate (path). Default: the shipped borderline eval split.',
    ),
  metric: z
    .enum(metricNames)
    .optional()
    .describe("Task metric. Default: the shipped task's metric with --zoo, else required."),
  judge: z.enum(judgeNames).default('refusal-phrase').describe('Harmful-rate judge.'),
  judgeConfig: z
    .string()
    .optional()
    .describe("JSON file with the judge's options (for example the endpoint URL and model)."),
  evalLimit: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Score only the first N prompts of each evaluation set (prompts). Default: all.'),
  maxNewTokens: z
    .number()
    .int()
    .min(1)
    .default(128)
    .describe('Longest generated response when scoring (tokens).'),
  engine: z
    .enum(['ort', 'js'])
    .default('ort')
    .describe('Kernel engine: onnxruntime-node, or plain TypeScript.'),
  quiet: z.boolean().default(false).describe('Print only the final table and errors.'),
};

export const recoverOptionsSchema = z.object({
  zoo: z
    .string()
    .optional()
    .describe(
      'Use a shipped broken zoo model, its aligned base and its task data (name from `realign zoo`).',
    ),
  aligned: z.string().optional().describe('Aligned model: a Hugging Face checkpoint folder.'),
  finetuned: z
    .string()
    .optional()
    .describe('Fine-tuned model: a checkpoint folder or a PEFT LoRA adapter folder.'),
  harmful: z
    .string()
    .optional()
    .describe(
      'Harmful prompts for the harmful direction and the restore steps (path). Default with --zoo: the shipped recovery split.',
    ),
  harmfulPreset: z
    .enum(PROMPT_SET_PRESET_NAMES as unknown as [string, ...string[]])
    .optional()
    .describe('Field layout of --harmful for a public set.'),
  task: z
    .string()
    .optional()
    .describe(
      "Task examples with reference answers, fields prompt and response (path). Default with --zoo: the task's eval split.",
    ),
  taskPrompts: z
    .string()
    .optional()
    .describe(
      "Task prompts for the benign direction and rollback (path). Default: 128 prompts of the task's train split with --zoo, else the prompts of --task.",
    ),
  config: z.string().optional().describe('JSON file with recovery settings; flags override it.'),
  ...evaluationFields,
});

export const evalOptionsSchema = z.object({
  model: z.string().optional().describe('Model to score: a checkpoint folder or a PEFT LoRA adapter folder.'),
  zoo: z.string().optional().describe('Score a shipped zoo model, on its own task data.'),
  task: z
    .string()
    .optional()
    .describe('Task examples with reference answers, fields prompt and response (path).'),
  out: z.string().optional().describe('Write the evaluation as JSON to this file.'),
  ...evaluationFields,
});

export type RecoverOptions = z.output<typeof recoverOptionsSchema>;
export type EvalOptions = z.output<typeof evalOptionsSchema>;
export type EvaluationOptions = Pick<RecoverOptions, keyof typeof evaluationFields>;
