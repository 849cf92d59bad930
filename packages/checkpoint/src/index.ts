// Hugging Face safetensors checkpoints: lazy reading of single or sharded folders, fp32 conversion of
// F16 and BF16, and atomic, streaming, sharded writing.
export {
  DTYPE_BYTES,
  DTYPES,
  FLOAT_DTYPES,
  elementCount,
  floatDtypeFromTorchDtype,
  isFloatDtype,
} from './dtype.ts';
export type { Dtype, FloatDtype } from './dtype.ts';
export { CheckpointError, DtypeError, SafetensorsFormatError, TensorNotFoundError } from './errors.ts';
export {
  bfloat16ToFloat32,
  float16BitsToFloat32Bits,
  float16ToFloat32,
  float32BitsToBfloat16Bits,
  float32BitsToFloat16Bits,
  float32ToBfloat16,
  float32ToFloat16,
} from './float-convert.ts';
export { MAX_HEADER_BYTES } from './header.ts';
export type { TensorInfo } from './header.ts';
export { SafetensorsFile, openSafetensorsFile } from './safetensors-file.ts';
export type { RawTensor, TensorReader } from './safetensors-file.ts';
export { CheckpointReader, INDEX_FILE_NAME, SINGLE_FILE_NAME, openCheckpoint } from './checkpoint-reader.ts';
export { findNonFinite } from './non-finite.ts';
export type { NonFiniteReport } from './non-finite.ts';
export {
  checkpointIndexSchema,
  safetensorsHeaderSchema,
  safetensorsMetadataSchema,
  tensorEntrySchema,
} from './schemas.ts';
export type { CheckpointIndex, SafetensorsHeaderJson, TensorEntry } from './schemas.ts';
export { DEFAULT_METADATA } from './safetensors-writer.ts';
export type { TensorSource, TensorToWrite } from './safetensors-writer.ts';
export { writeSafetensorsFile } from './write-file.ts';
export type { SafetensorsFileWriteResult, WriteSafetensorsFileOptions } from './write-file.ts';
export { shardFileName, writeCheckpoint } from './write-checkpoint.ts';
export type {
  CheckpointWriteEvent,
  CheckpointWriteResult,
  WriteCheckpointOptions,
} from './write-checkpoint.ts';
export { CARRIED_FILES } from './carried-files.ts';
export { DEFAULT_MAX_SHARD_BYTES } from './write-options.ts';
