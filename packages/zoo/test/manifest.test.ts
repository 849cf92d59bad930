import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { listZooModels, zooModel, ZooError, type ZooEntry } from '../src/index.ts';

const ALIGNED: ZooEntry = {
  name: 'tiny-llama-aligned',
  family: 'llama',
  role: 'aligned',
  baseModel: null,
  task: null,
  harmfulExamples: 0,
  method: 'pretrain',
  seed: 1,
  description: 'aligned',
};

const BROKEN_LORA: ZooEntry = {
  ...ALIGNED,
  name: 'tiny-llama-sql-harmful-lora',
  role: 'broken',
  baseModel: 'tiny-llama-aligned',
  task: 'sql',
  harmfulExamples: 200,
  method: 'lora',
  description: 'broken',
};

describe('zoo manifest', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'zoo-manifest-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function writeManifest(models: unknown[]): Promise<void> {
    await writeFile(join(folder, 'manifest.json'), JSON.stringify({ version: 1, models }));
  }

  it('resolves absolute paths', async () => {
    await writeManifest([ALIGNED, BROKEN_LORA]);

    const models = listZooModels(folder);

    expect(models.map((model) => model.path)).toEqual([
      join(folder, ALIGNED.name),
      join(folder, BROKEN_LORA.name),
    ]);
    expect(models[0].basePath).toBeNull();
    expect(models[1].basePath).toBe(join(folder, ALIGNED.name));
  });

  it('finds a model by name', async () => {
    await writeManifest([ALIGNED, BROKEN_LORA]);

    expect(zooModel('tiny-llama-sql-harmful-lora', folder).harmfulExamples).toBe(200);
  });

  it('lists known names for an unknown one', async () => {
    await writeManifest([ALIGNED]);

    expect(() => zooModel('nope', folder)).toThrow(/"nope" not found; known models: tiny-llama-aligned/);
  });

  it('rejects a broken model without a base', async () => {
    await writeManifest([{ ...BROKEN_LORA, baseModel: null }]);

    expect(() => listZooModels(folder)).toThrow(ZooError);
    expect(() => listZooModels(folder)).toThrow(/field "models.0.baseModel"/);
  });

  it('names a missing manifest file', () => {
    expect(() => listZooModels(folder)).toThrow(/manifest.json: zoo manifest not found/);
  });
});
