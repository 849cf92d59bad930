import { z } from 'zod';

/** Module names LoRA can wrap in the zoo's decoders (the last component of a Linear's path). */
export const LORA_TARGET_MODULES = [
  'q_proj',
  'k_proj',
  'v_proj',
  'o_proj',
  'gate_proj',
  'up_proj',
  'down_proj',
] as const;
export type LoraTargetModule = (typeof LORA_TARGET_MODULES)[number];

/** LoRA hyperparameters: rank r, scale lora_alpha / r, and the Linear modules that get A and B. */
export const loraSettingsSchema = z.object({
  rank: z.number().int().min(1).describe('LoRA rank r (columns of B, rows of A)'),
  alpha: z.number().positive().describe('lora_alpha; the update B @ A is scaled by alpha / rank'),
  targetModules: z
    .array(z.enum(LORA_TARGET_MODULES))
    .min(1)
    .describe('Linear module names to adapt, e.g. q_proj'),
});
export type LoraSettings = z.infer<typeof loraSettingsSchema>;

/**
 * Builds adapter_config.json in the layout PEFT 0.x writes for a causal-LM LoRA adapter.
 * `baseModel` goes into base_model_name_or_path.
 */
export function buildAdapterConfig(settings: LoraSettings, baseModel: string): Record<string, unknown> {
  return {
    peft_type: 'LORA',
    task_type: 'CAUSAL_LM',
    base_model_name_or_path: baseModel,
    r: settings.rank,
    lora_alpha: settings.alpha,
    lora_dropout: 0,
    target_modules: [...settings.targetModules],
    bias: 'none',
    fan_in_fan_out: false,
    use_rslora: false,
    use_dora: false,
    init_lora_weights: true,
    inference_mode: true,
    modules_to_save: null,
    layers_to_transform: null,
    layers_pattern: null,
    rank_pattern: {},
    alpha_pattern: {},
    revision: null,
  };
}

/**
 * Maps a base weight name (model.layers.0.self_attn.q_proj.weight) to the names PEFT saves its
 * A [r, in] and B [out, r] matrices under, without the adapter name, as save_pretrained does.
 */
export function peftTensorNames(weightName: string): { a: string; b: string } {
  if (!weightName.endsWith('.weight'))
    throw new Error(`peftTensorNames: ${weightName} is not a .weight tensor`);
  const modulePath = weightName.slice(0, -'.weight'.length);
  return {
    a: `base_model.model.${modulePath}.lora_A.weight`,
    b: `base_model.model.${modulePath}.lora_B.weight`,
  };
}
