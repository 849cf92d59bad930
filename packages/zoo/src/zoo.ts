import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

import { ZooError } from './errors.ts';
import { zooManifestSchema, type ZooEntry, type ZooManifest } from './manifest.ts';

/** Absolute path of the folder that contains every shipped model and manifest.json. */
export const ZOO_MODELS_DIR = fileURLToPath(new URL('../models/', import.meta.url));

/** A manifest entry with the absolute path of its Hugging Face folder (checkpoint or PEFT adapter). */
export interface ZooModel extends ZooEntry {
  path: string;
  /** For a LoRA adapter: the absolute path of the base model folder it applies to. */
  basePath: string | null;
}

/** Reads and validates a manifest.json; errors name the file and the invalid field. */
export function readManifest(file: string = join(ZOO_MODELS_DIR, 'manifest.json')): ZooManifest {
  if (!existsSync(file)) {
    throw new ZooError(
      `${file}: zoo manifest not found; run \`npx tsx tools/zoo/src/main.ts\` to build the zoo`,
    );
  }

  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const parsed = zooManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `field "${issue.path.join('.')}": ${issue.message}`);
    throw new ZooError(`${file}: invalid zoo manifest\n${issues.join('\n')}`);
  }
  return parsed.data;
}

/** Lists every shipped model with absolute paths, in manifest order. */
export function listZooModels(modelsDir: string = ZOO_MODELS_DIR): ZooModel[] {
  const manifest = readManifest(join(modelsDir, 'manifest.json'));
  return manifest.models.map((entry) => withPaths(entry, modelsDir));
}

/** Returns one shipped model by name; throws ZooError listing the known names when it is absent. */
export function zooModel(name: string, modelsDir: string = ZOO_MODELS_DIR): ZooModel {
  const models = listZooModels(modelsDir);
  const model = models.find((candidate) => candidate.name === name);
  if (model === undefined) {
    throw new ZooError(
      `zoo model "${name}" not found; known models: ${models.map((m) => m.name).join(', ')}`,
    );
  }
  return model;
}

function withPaths(entry: ZooEntry, modelsDir: string): ZooModel {
  const path = join(modelsDir, entry.name);
  const basePath =
    entry.method === 'lora' && entry.baseModel !== null ? join(modelsDir, entry.baseModel) : null;
  return { ...entry, path, basePath };
}
