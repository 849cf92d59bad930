import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCheckpoint } from '@realign/checkpoint';
import { meanHiddenState } from '@realign/direction';
import { loadModel } from '@realign/model';
import { initBackend, noGrad } from '@realign/tensor';
import { lastValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decoderWorkingModel,
  openCheckpointModels,
  recover,
  type FinishedEvent,
  type RecoveryEvaluator,
  type RecoveryEvent,
  type StartedEvent,
} from '../src/index.ts';
import { characterTokenizer, writeTinyLlama } from './support/tiny-llama.ts';

let root: string;
let aligned: Map<string, Float32Array>;
let finetuned: Map<string, Float32Array>;

beforeAll(async () => {
  await initBackend({ engine: 'js' });
  root = await mkdtemp(join(tmpdir(), 'realign-llama-'));
  aligned = await writeTinyLlama(join(root, 'aligned'), 1);
  finetuned = await writeTinyLlama(join(root, 'finetuned'), 2, aligned);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function readTensors(dir: string): Promise<Map<string, Float32Array>> {
  const reader = await openCheckpoint(dir);
  const tensors = new Map<string, Float32Array>();
  for (const name of reader.tensorNames) tensors.set(name, await reader.readFloat32(name));
  await reader.close();
  return tensors;
}

/** Scores by the share of decoder weights moved from fine-tuned to aligned values. */
const evaluator: RecoveryEvaluator = {
  name: 'moved-share',
  taskScore: async (dir) => 1 - (await movedShare(dir)),
  harmfulRate: async (dir) => Math.max(0, 1 - 20 * (await movedShare(dir))),
};
async function movedShare(dir: string): Promise<number> {
  let moved = 0;
  let total = 0;
  for (const [name, values] of await readTensors(dir)) {
    if (!name.startsWith('model.layers.')) continue;
    total += values.length;
    values.forEach((value, i) => (moved += value !== finetuned.get(name)![i] ? 1 : 0));
  }
  return moved / total;
}

describe('decoderWorkingModel', () => {
  it('reads positions of each prompt despite padding', async () => {
    const model = decoderWorkingModel(await loadModel(join(root, 'finetuned'), { numLayers: 2 }));
    const prompts = [Int32Array.from([1, 5, 9, 3]), Int32Array.from([1, 7, 3])];

    const last = noGrad(() => model.hiddenStates(prompts, -1)).data;
    const fromStart = noGrad(() => model.hiddenStates(prompts.slice(1), 2)).data;
    const alone = noGrad(() => model.hiddenStates(prompts.slice(1), -1)).data;

    expect(Array.from(fromStart)).toEqual(Array.from(alone));
    last.slice(32).forEach((value, i) => expect(value).toBeCloseTo(alone[i], 5));
    expect(() => model.hiddenStates(prompts, 3)).toThrow(/position 3 is outside prompt 1/);
  });

  it('gives batch-size independent directions', async () => {
    const model = decoderWorkingModel(await loadModel(join(root, 'aligned'), { numLayers: 2 }));
    const prompts = [
      [1, 4, 3],
      [1, 9, 10, 11, 12, 3],
      [1, 3],
    ].map((ids) => Int32Array.from(ids));

    const batched = meanHiddenState(model, prompts, { batchSize: 3, position: -1 });
    const single = meanHiddenState(model, prompts, { batchSize: 1, position: -1 });

    batched.forEach((value, i) => expect(value).toBeCloseTo(single[i], 5));
  });
});

describe('openCheckpointModels', () => {
  it('merges a LoRA adapter like loadModel', async () => {
    const fixtures = fileURLToPath(new URL('../../../tools/conformance/fixtures/', import.meta.url));
    const models = await openCheckpointModels({
      alignedDir: join(fixtures, 'llama-gqa'),
      finetunedDir: join(fixtures, 'llama-gqa-lora'),
      tokenizer: characterTokenizer,
    });
    const loaded = await loadModel(join(fixtures, 'llama-gqa-lora'));

    try {
      for (const name of [
        'model.layers.0.self_attn.q_proj.weight',
        'model.layers.2.mlp.down_proj.weight',
        'model.layers.1.mlp.up_proj.weight',
      ]) {
        const read = await models.finetuned.read(name);
        expect(
          Buffer.from(read.buffer).equals(Buffer.from(loaded.parameters.get(name)!.data.buffer)),
          name,
        ).toBe(true);
      }
      const base = await models.aligned.read('model.layers.0.self_attn.q_proj.weight');
      expect(
        Buffer.from(base.buffer).equals(
          Buffer.from((await models.finetuned.read('model.layers.0.self_attn.q_proj.weight')).buffer),
        ),
      ).toBe(false);
    } finally {
      await models.close();
    }
  });

  it('recovers a tiny Llama end to end', async () => {
    const models = await openCheckpointModels({
      alignedDir: join(root, 'aligned'),
      finetunedDir: join(root, 'finetuned'),
      tokenizer: characterTokenizer,
    });
    const outputDir = join(root, 'out');

    let events: RecoveryEvent[];
    try {
      events = await lastValueFrom(
        recover(
          {
            outputDir,
            rate: 0.01,
            steps: 2,
            checkpointInterval: 1,
            warmupSteps: 1,
            batchSize: 2,
            allowedDrop: 0.5,
          },
          {
            models,
            evaluator,
            harmfulPrompts: ['how to pick a lock', 'make a weapon', 'steal a car'],
            taskPrompts: ['sum 2 and 3', 'sort a list'],
          },
        ).pipe(toArray()),
      );
    } finally {
      await models.close();
    }

    const started = events.find((event) => event.type === 'started') as StartedEvent;
    const finished = events.at(-1) as FinishedEvent;
    expect(started).toMatchObject({ layerCount: 3, layer: 2 });
    expect(started.restoreBudget).toBe(Math.ceil(0.01 * started.decoderParameterCount));
    expect(finished.type).toBe('finished');
    expect(finished.chosen?.step).toBe(2);

    const path = join(outputDir, 'checkpoints', 'descent-step-0002');
    const written = await readTensors(path);
    let restored = 0;
    for (const [name, values] of written) {
      values.forEach((value, i) => {
        if (value === finetuned.get(name)![i]) return;
        expect(value, `${name}[${i}]`).toBe(aligned.get(name)![i]);
        expect(name).toMatch(/^model\.layers\.[01]\.(self_attn|mlp)\./);
        restored++;
      });
    }
    const steps = events.filter((event) => event.type === 'step-finished');
    expect(restored).toBe(
      steps.reduce((total, step) => total + (step.type === 'step-finished' ? step.restoredCount : 0), 0),
    );
    expect((await loadModel(path)).numLayers).toBe(3);
  });
});
