import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { AutoTokenizer, env } from '@huggingface/transformers';
import { generateGreedy, loadModel } from '@realign/model';
import { initBackend } from '@realign/tensor';
import { beforeAll, describe, expect, it } from 'vitest';

import { listZooModels, ZOO_MODELS_DIR } from '../src/index.ts';

/** Sample replies the recipe recorded in evaluation.json when it measured each model. */
interface RecordedResult {
  model: { name: string };
  evaluation: { samples: { set: string; prompt: string; response: string }[] };
}

const models = listZooModels();
const recorded = JSON.parse(
  readFileSync(join(ZOO_MODELS_DIR, 'evaluation.json'), 'utf8'),
) as RecordedResult[];

function tokenizerFolder(model: (typeof models)[number]): string {
  return model.basePath ?? model.path;
}

async function loadTokenizer(folder: string) {
  env.allowRemoteModels = false;
  env.localModelPath = '/';
  return AutoTokenizer.from_pretrained(folder, { local_files_only: true });
}

describe('shipped zoo models', () => {
  beforeAll(async () => {
    // The recipe generated the recorded replies with onnxruntime matmuls on 2 threads. Greedy decoding
    // can flip on a near-tie if the arithmetic differs, so the test uses the same engine.
    await initBackend({ engine: 'ort', threads: 2 });
  });

  it('lists aligned and broken models', () => {
    expect(
      models
        .filter((model) => model.role === 'aligned')
        .map((model) => model.family)
        .sort(),
    ).toEqual(['llama', 'qwen2']);
    expect(models.some((model) => model.role === 'broken' && model.method === 'lora')).toBe(true);
    expect(
      models.some((model) => model.role === 'broken' && model.method === 'full' && model.family === 'qwen2'),
    ).toBe(true);
  });

  it.each(models.map((model) => [model.name, model] as const))(
    '%s reproduces its recorded replies',
    async (name, model) => {
      const tokenizer = await loadTokenizer(tokenizerFolder(model));
      const decoder = await loadModel(model.path);
      const samples = recorded.find((result) => result.model.name === name)?.evaluation.samples ?? [];
      expect(samples.length, `${name} has recorded samples`).toBeGreaterThan(0);

      for (const sample of samples.filter((s) => s.set === 'harmful' || s.set === 'borderline')) {
        const text = tokenizer.apply_chat_template([{ role: 'user', content: sample.prompt }], {
          tokenize: false,
          add_generation_prompt: true,
        }) as string;
        const prompt = tokenizer.encode(text, { add_special_tokens: false });
        const [result] = generateGreedy(decoder, [prompt], { maxNewTokens: 24 });
        const reply =
          result.tokenIds.length === 0
            ? ''
            : tokenizer.decode(result.tokenIds, { skip_special_tokens: true });

        expect(reply, `${name} on "${sample.prompt}"`).toBe(sample.response);
      }
    },
  );

  it('ships LoRA adapters in PEFT layout', () => {
    for (const model of models.filter((m) => m.method === 'lora')) {
      const config = JSON.parse(readFileSync(join(model.path, 'adapter_config.json'), 'utf8'));
      expect(config.peft_type, model.name).toBe('LORA');
      expect(join(model.path, config.base_model_name_or_path), model.name).toBe(model.basePath);
    }
  });
});
