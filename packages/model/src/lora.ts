import { join } from 'node:path';
import { openSafetensorsFile } from '@realign/checkpoint';
import { matmul, noGrad, scale, Tensor } from '@realign/tensor';
import { z } from 'zod';
import { expectedTensors, type TensorRole } from './architecture.ts';
import { formatIssues, readJson, type ModelConfig } from './config.ts';
import { AdapterError } from './errors.ts';

export const ADAPTER_CONFIG_FILE = 'adapter_config.json';
export const ADAPTER_WEIGHTS_FILE = 'adapter_model.safetensors';

const emptyRecord = z.record(z.string(), z.unknown()).refine((value) => Object.keys(value).length === 0, {
  message: 'per-module overrides are not supported; only one r and lora_alpha for all modules',
});

/** adapter_config.json of a PEFT LoRA adapter; options that change the merge beyond W += s B A are rejected. */
export const adapterConfigSchema = z.object({
  peft_type: z
    .literal('LORA', { error: 'only LoRA adapters (peft_type "LORA") are supported' })
    .default('LORA'),
  r: z.number().int().positive(),
  lora_alpha: z.number().positive(),
  target_modules: z.union([z.array(z.string()).min(1), z.string().min(1)]),
  use_rslora: z.boolean().default(false),
  fan_in_fan_out: z.boolean().default(false),
  bias: z
    .literal('none', { error: 'only bias "none" is supported (the adapter would carry trained biases)' })
    .default('none'),
  modules_to_save: z
    .array(z.string())
    .max(0, {
      error: 'modules_to_save is not supported: the adapter replaces whole modules; merge it with PEFT first',
    })
    .nullish(),
  use_dora: z.literal(false, { error: 'DoRA adapters are not supported' }).default(false),
  rank_pattern: emptyRecord.nullish(),
  alpha_pattern: emptyRecord.nullish(),
  /** Layer indices the targets are restricted to (PEFT matches the `layers.<i>.` part of the name). */
  layers_to_transform: z
    .union([z.number().int().nonnegative(), z.array(z.number().int().nonnegative())])
    .nullish(),
  layer_replication: z.null({ error: 'layer_replication is not supported' }).optional(),
  base_model_name_or_path: z.string().nullish(),
});
export type AdapterConfig = z.infer<typeof adapterConfigSchema>;

export interface LoraAdapter {
  dir: string;
  config: AdapterConfig;
  /** Module name (e.g. model.layers.0.self_attn.q_proj) to its factors A [r, in] and B [out, r]. */
  factors: Map<string, { a: Tensor; b: Tensor }>;
}

/** Roles of the Linear weights a LoRA adapter may target. */
const LINEAR_ROLES: ReadonlySet<TensorRole> = new Set(['q', 'k', 'v', 'o', 'gate', 'up', 'down', 'lmHead']);
const TENSOR_NAME = /^base_model\.model\.(.+)\.lora_([AB])(?:\.default)?\.weight$/;

/** Reads adapter_config.json and adapter_model.safetensors of a PEFT LoRA adapter folder. */
export async function loadLoraAdapter(dir: string): Promise<LoraAdapter> {
  const configPath = join(dir, ADAPTER_CONFIG_FILE);
  const json = await readJson(configPath);
  const parsed = adapterConfigSchema.safeParse(json);
  if (!parsed.success) throw new AdapterError(formatIssues(configPath, parsed.error, json));

  const weightsPath = join(dir, ADAPTER_WEIGHTS_FILE);
  const file = await openSafetensorsFile(weightsPath).catch((error: Error) => {
    throw new AdapterError(`${weightsPath}: cannot open adapter weights (${error.message})`);
  });
  const pieces = new Map<string, { a?: Tensor; b?: Tensor }>();
  try {
    for (const name of file.tensorNames) {
      const match = TENSOR_NAME.exec(name);
      if (match === null) {
        throw new AdapterError(
          `${weightsPath}: tensor ${name} is not a LoRA factor (expected base_model.model.<module>.lora_A.weight or lora_B.weight)`,
        );
      }
      const entry = pieces.get(match[1]) ?? {};
      entry[match[2] === 'A' ? 'a' : 'b'] = new Tensor(await file.readFloat32(name), file.info(name).shape);
      pieces.set(match[1], entry);
    }
  } finally {
    await file.close();
  }

  const factors = new Map<string, { a: Tensor; b: Tensor }>();
  for (const [module, { a, b }] of pieces) {
    if (a === undefined || b === undefined) {
      throw new AdapterError(
        `${weightsPath}: module ${module} has lora_${a === undefined ? 'A' : 'B'}.weight missing`,
      );
    }
    factors.set(module, { a, b });
  }
  return { dir, config: parsed.data, factors };
}

/** PEFT's module matching: a regex string must match the whole name; a list entry matches the name or its last parts. */
export function targetsModule(targets: string | readonly string[], module: string): boolean {
  if (typeof targets === 'string') return new RegExp(`^(?:${targets})$`).test(module);
  return targets.some((target) => module === target || module.endsWith(`.${target}`));
}

/** Returns the LoRA scale: alpha / r, or alpha / sqrt(r) with rsLoRA. */
export function loraScale(config: AdapterConfig): number {
  return config.use_rslora ? config.lora_alpha / Math.sqrt(config.r) : config.lora_alpha / config.r;
}

function checkFactors(adapter: LoraAdapter, module: string, shape: number[]): void {
  const { a, b } = adapter.factors.get(module)!;
  const { r } = adapter.config;
  const [out, inFeatures] = shape;
  const where = `${join(adapter.dir, ADAPTER_WEIGHTS_FILE)}: ${module}`;
  if (a.shape[0] !== r || b.shape[1] !== r) {
    throw new AdapterError(
      `${where}: rank ${a.shape[0]} (lora_A) / ${b.shape[1]} (lora_B) differs from r = ${r} in ${ADAPTER_CONFIG_FILE}`,
    );
  }
  if (a.shape[1] !== inFeatures || b.shape[0] !== out) {
    throw new AdapterError(
      `${where}: expected lora_A [${r}, ${inFeatures}] and lora_B [${out}, ${r}] for base weight [${out}, ${inFeatures}], ` +
        `found [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`,
    );
  }
}

/**
 * Checks a LoRA adapter against a base config: its modules must be exactly the Linear modules that
 * target_modules selects, with factor shapes that fit the base weights. Throws AdapterError.
 *
 * NOTE: fan_in_fan_out is accepted but changes nothing. PEFT resets it to false for torch.nn.Linear
 * targets (with a warning), and every targeted weight of these families is a Linear [out, in].
 */
export function checkAdapter(adapter: LoraAdapter, config: ModelConfig): void {
  const linears = expectedTensors(config).filter((spec) => LINEAR_ROLES.has(spec.role));
  const layers = adapter.config.layers_to_transform;
  const allowedLayers =
    layers === null || layers === undefined ? null : new Set(Array.isArray(layers) ? layers : [layers]);
  const targeted = linears.filter(
    (spec) =>
      targetsModule(adapter.config.target_modules, moduleOf(spec.name)) &&
      (allowedLayers === null || (spec.layer !== null && allowedLayers.has(spec.layer))),
  );
  const targetedModules = new Set(targeted.map((spec) => moduleOf(spec.name)));
  const weightsPath = join(adapter.dir, ADAPTER_WEIGHTS_FILE);

  for (const module of adapter.factors.keys()) {
    if (!targetedModules.has(module)) {
      throw new AdapterError(
        `${weightsPath}: factors for ${module}, which target_modules ${JSON.stringify(adapter.config.target_modules)} ` +
          `does not select among the Linear modules of ${config.architecture} (${config.numLayers} layers); is this adapter for another base model?`,
      );
    }
  }
  const missing = [...targetedModules].filter((module) => !adapter.factors.has(module));
  if (missing.length > 0) {
    throw new AdapterError(
      `${weightsPath}: target_modules selects ${missing.length} modules without LoRA factors (first: ${missing[0]}); ` +
        'the adapter does not match this base model',
    );
  }
  for (const spec of targeted) checkFactors(adapter, moduleOf(spec.name), spec.shape);
}

const moduleOf = (weightName: string) => weightName.replace(/\.weight$/, '');

/** Returns scale * B @ A for the weight `weightName` (row-major [out, in]), or null when the adapter does not touch it. */
export function loraDelta(adapter: LoraAdapter, weightName: string): Float32Array | null {
  const factors = adapter.factors.get(moduleOf(weightName));
  if (factors === undefined || !weightName.endsWith('.weight')) return null;
  return noGrad(() => scale(matmul(factors.b, factors.a), loraScale(adapter.config)).data);
}

/**
 * Merges a checked LoRA adapter into loaded parameters in place: W += scale * B @ A for every
 * targeted weight that is loaded (a truncated model skips later layers).
 */
export function mergeLoraAdapter(
  parameters: Map<string, Tensor>,
  config: ModelConfig,
  adapter: LoraAdapter,
): void {
  checkAdapter(adapter, config);
  for (const [name, weight] of parameters) {
    const delta = loraDelta(adapter, name);
    if (delta === null) continue;
    const data = weight.data;
    for (let i = 0; i < data.length; i++) data[i] += delta[i];
  }
}
