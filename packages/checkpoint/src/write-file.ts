import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { syncDir, temporarySibling } from './atomic.ts';
import type { FloatDtype } from './dtype.ts';
import { DEFAULT_METADATA, SafetensorsStreamWriter, type TensorSource } from './safetensors-writer.ts';
import { parseWriteOptions, writeFileOptionsSchema } from './write-options.ts';

export interface WriteSafetensorsFileOptions {
  /** Dtype of every tensor in the file. Default F32. */
  dtype?: FloatDtype;
  /** Extra `__metadata__` entries, added to {"format": "pt"}. */
  metadata?: Record<string, string>;
}

export interface SafetensorsFileWriteResult {
  path: string;
  dtype: FloatDtype;
  tensorCount: number;
  /** Bytes of tensor data, without the header. */
  dataBytes: number;
}

/**
 * Writes tensors to one safetensors file (a small model or a PEFT adapter_model.safetensors).
 * Tensors are pulled one at a time. The file appears at `filePath` only once complete, by rename.
 */
export async function writeSafetensorsFile(
  filePath: string,
  tensors: TensorSource,
  options: WriteSafetensorsFileOptions = {},
): Promise<SafetensorsFileWriteResult> {
  const settings = parseWriteOptions(writeFileOptionsSchema, options);
  const dtype = settings.dtype ?? 'F32';
  const outPath = temporarySibling(filePath, 'partial');
  const writer = await SafetensorsStreamWriter.create(temporarySibling(filePath, 'body'), dtype);

  try {
    for await (const tensor of tensors) {
      await writer.append(tensor);
    }
    await writer.finish(outPath, { ...DEFAULT_METADATA, ...settings.metadata });
    await rename(outPath, filePath);
    await syncDir(path.dirname(filePath));
  } catch (error) {
    await writer.abort();
    await rm(outPath, { force: true });
    throw error;
  }
  return { path: filePath, dtype, tensorCount: writer.tensorCount, dataBytes: writer.byteLength };
}
