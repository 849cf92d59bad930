import { copyFile, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { floatDtypeFromTorchDtype, type FloatDtype } from './dtype.ts';
import { CheckpointError } from './errors.ts';

/**
 * Files other than weights that make a Hugging Face folder loadable: the model and generation
 * configs and the tokenizer (tokenizer.json, or the sentencepiece tokenizer.model of Llama, Mistral
 * and Gemma, or the vocab.json and merges.txt of Qwen2), plus the chat template.
 */
export const CARRIED_FILES = [
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'chat_template.jinja',
  'tokenizer.model',
  'added_tokens.json',
  'vocab.json',
  'merges.txt',
] as const;

/** Copies each CARRIED_FILES entry that `sourceDir` has into `targetDir`, synced to disk. Returns the names copied. */
export async function copyCarriedFiles(sourceDir: string, targetDir: string): Promise<string[]> {
  const copied: string[] = [];
  for (const name of CARRIED_FILES) {
    const source = path.join(sourceDir, name);
    const stats = await stat(source).catch(() => undefined);
    if (stats?.isFile()) {
      const target = path.join(targetDir, name);
      await copyFile(source, target);
      await syncFile(target);
      copied.push(name);
    }
  }
  return copied;
}

async function syncFile(filePath: string): Promise<void> {
  const handle = await open(filePath, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Reads the weight dtype from `sourceDir/config.json`: `dtype` as transformers 4.56 and later write
 * it, else `torch_dtype`. Returns undefined when the folder has no config.json or it names no dtype.
 */
export async function readConfigDtype(sourceDir: string): Promise<FloatDtype | undefined> {
  const configPath = path.join(sourceDir, 'config.json');
  const text = await readFile(configPath, 'utf8').catch(() => undefined);
  if (text === undefined) {
    return undefined;
  }

  let config: Record<string, unknown>;
  try {
    config = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new CheckpointError(`${configPath} is not valid JSON: ${(error as Error).message}`);
  }
  const torchDtype = config.dtype ?? config.torch_dtype;
  if (typeof torchDtype !== 'string') {
    return undefined;
  }
  try {
    return floatDtypeFromTorchDtype(torchDtype);
  } catch (error) {
    throw new CheckpointError(
      `${configPath}: ${(error as Error).message}; pass the dtype option to choose one`,
    );
  }
}
