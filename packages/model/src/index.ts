// Llama, Mistral, Qwen2 and Gemma decoders on @realign/tensor: configs, architecture tables,
// checkpoint loading and saving, PEFT LoRA merging, greedy generation, tokenizers and chat templates.
export { SUPPORTED_ARCHITECTURES, loadModelConfig, loadStopTokenIds, parseModelConfig } from './config.ts';
export type { Family, LayerAttention, ModelConfig, RopeScaling } from './config.ts';
export { SUPPORTED_DTYPES, SUPPORTED_ROPE_TYPES } from './config-schema.ts';
export type { Dtype } from './config-schema.ts';
export { expectedTensors, isIgnoredTensor, isNormRole, neededTensors } from './architecture.ts';
export type { TensorRole, TensorSpec } from './architecture.ts';
export { assertFinite, validateCheckpointTensors } from './validate.ts';
export { attentionMask, padLeft } from './batch.ts';
export type { PaddedBatch } from './batch.ts';
export { ropeInverseFrequencies } from './rope.ts';
export { DecoderModel } from './model.ts';
export type { ForwardOptions, ForwardOutput, KvCache, ModelSource } from './model.ts';
export { generateGreedy } from './generate.ts';
export type { GenerateOptions, GenerateResult } from './generate.ts';
export { loadModel, resolveModelFolders } from './load.ts';
export type { LoadModelOptions } from './load.ts';
export {
  ADAPTER_CONFIG_FILE,
  ADAPTER_WEIGHTS_FILE,
  adapterConfigSchema,
  checkAdapter,
  loadLoraAdapter,
  loraDelta,
  loraScale,
  mergeLoraAdapter,
  targetsModule,
} from './lora.ts';
export type { AdapterConfig, LoraAdapter } from './lora.ts';
export { saveModel } from './save.ts';
export type { SaveModelOptions } from './save.ts';
export { checkCompatible, configDifferences } from './compat.ts';
export { checkVocabulary, loadTokenizer } from './tokenizer.ts';
export type { ChatMessage, ChatTokenizer, LoadTokenizerOptions } from './tokenizer.ts';
export {
  AdapterError,
  CheckpointMismatchError,
  IncompatibleModelsError,
  ModelConfigError,
  NonFiniteWeightError,
  TokenizerError,
} from './errors.ts';
