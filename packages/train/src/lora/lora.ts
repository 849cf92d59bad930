import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { writeSafetensorsFile } from '@realign/checkpoint';
import { ADAPTER_CONFIG_FILE, ADAPTER_WEIGHTS_FILE, targetsModule, type DecoderModel } from '@realign/model';
import { matmul, noGrad, Rng, Tensor } from '@realign/tensor';

import { TrainConfigError } from '../errors.ts';
import type { TrainableParameter } from '../optim/parameter.ts';
import { buildAdapterConfig, peftTensorNames, type LoraSettings } from './peft-format.ts';

/** One adapted Linear: the frozen base weight W0, the live weight W the model reads, and A, B. */
interface LoraModule {
  weightName: string;
  weight: Tensor;
  base: Float32Array;
  a: Tensor;
  b: Tensor;
}

/**
 * LoRA on a loaded decoder. The model keeps reading its own weight tensors, so before each forward
 * `apply()` writes W = W0 + (alpha / r) B A into them, and after backward `collectGradients()` turns
 * dL/dW into dL/dA = s B^T dL/dW and dL/dB = s dL/dW A^T, the chain rule of that sum. This trains
 * exactly what a PEFT LoRA layer trains (with dropout 0) without changing the decoder.
 */
export class LoraAdapter {
  readonly scale: number;
  private readonly modules: LoraModule[];

  constructor(
    readonly model: DecoderModel,
    readonly settings: LoraSettings,
    seed: number,
  ) {
    this.scale = settings.alpha / settings.rank;
    this.modules = createModules(model, settings, new Rng(seed));
  }

  /** Names of the adapted base weights. */
  get weightNames(): string[] {
    return this.modules.map((module) => module.weightName);
  }

  /** The A and B tensors the optimizer updates; LoRA factors get no weight decay here. */
  get parameters(): TrainableParameter[] {
    return this.modules.flatMap((module) => {
      const names = peftTensorNames(module.weightName);
      return [
        { name: names.a, tensor: module.a, weightDecay: false },
        { name: names.b, tensor: module.b, weightDecay: false },
      ];
    });
  }

  /** Writes W0 + s B A into each adapted weight. */
  apply(): void {
    noGrad(() => {
      for (const module of this.modules) {
        const delta = matmul(module.b, module.a).data;
        const weights = module.weight.data;
        for (let i = 0; i < weights.length; i++) weights[i] = module.base[i] + this.scale * delta[i];
      }
    });
  }

  /** Moves each adapted weight's gradient into A and B, then clears it. */
  collectGradients(): void {
    noGrad(() => {
      for (const module of this.modules) {
        const weightGrad = module.weight.grad;
        if (weightGrad === null) continue;
        const gradient = new Tensor(weightGrad, module.weight.shape);
        module.a.grad = scaled(matmul(module.b, gradient, { transposeA: true }).data, this.scale);
        module.b.grad = scaled(matmul(gradient, module.a, { transposeB: true }).data, this.scale);
        module.weight.grad = null;
      }
    });
  }

  /** Restores the base weights W0 in the model (undoing apply()). */
  restoreBase(): void {
    for (const module of this.modules) module.weight.data.set(module.base);
  }

  /**
   * Writes a PEFT adapter folder: adapter_config.json and adapter_model.safetensors (fp32) with
   * base_model.model.<module>.lora_A.weight [r, in] and lora_B.weight [out, r]. The folder is built
   * under a temp name and renamed into place.
   */
  async save(dir: string, baseModel: string): Promise<void> {
    const temp = `${dir}.tmp-${process.pid}`;
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp, { recursive: true });

    const config = buildAdapterConfig(this.settings, baseModel);
    await writeFile(join(temp, ADAPTER_CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
    const tensors = this.modules.flatMap((module) => {
      const names = peftTensorNames(module.weightName);
      return [
        { name: names.a, shape: module.a.shape, data: module.a.data },
        { name: names.b, shape: module.b.shape, data: module.b.data },
      ];
    });
    await writeSafetensorsFile(join(temp, ADAPTER_WEIGHTS_FILE), tensors, { dtype: 'F32' });

    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  }
}

function scaled(values: Float32Array, factor: number): Float32Array {
  for (let i = 0; i < values.length; i++) values[i] *= factor;
  return values;
}

/**
 * Creates A and B for every targeted Linear weight of the model, in parameter-map order. A is drawn
 * like PEFT's default (Kaiming-uniform with a = sqrt(5), so U(-1/sqrt(in), 1/sqrt(in))) and B is zero,
 * so the adapted model starts equal to the base.
 */
function createModules(model: DecoderModel, settings: LoraSettings, rng: Rng): LoraModule[] {
  const modules: LoraModule[] = [];
  for (const [weightName, weight] of model.parameters) {
    const modulePath = weightName.replace(/\.weight$/, '');
    if (!weightName.endsWith('.weight') || !weightName.startsWith('model.layers.')) continue;
    if (!targetsModule(settings.targetModules, modulePath)) continue;

    // The model must produce dL/dW for collectGradients(), whatever requiresGrad it was loaded with.
    weight.requiresGrad = true;
    const [out, inFeatures] = weight.shape;
    const bound = 1 / Math.sqrt(inFeatures);
    const a = new Float32Array(settings.rank * inFeatures);
    for (let i = 0; i < a.length; i++) a[i] = (rng.uniform() * 2 - 1) * bound;
    modules.push({
      weightName,
      weight,
      base: Float32Array.from(weight.data),
      a: new Tensor(a, [settings.rank, inFeatures], { requiresGrad: true }),
      b: Tensor.zeros([out, settings.rank], { requiresGrad: true }),
    });
  }

  if (modules.length === 0) {
    throw new TrainConfigError(
      `LoRA: target modules ${settings.targetModules.join(', ')} match no Linear weight of the model's decoder layers`,
    );
  }
  return modules;
}
