/**
 * Decoder layer timing: realign (through the active kernel engine) against PyTorch, forward alone
 * and forward+backward, alternating the two within each round.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backward, initBackend, noGrad, type EngineName, type Tensor } from '@realign/tensor';
import {
  createLayerInputs,
  decoderLayer,
  namedWeights,
  type LayerConfig,
  type LayerInputs,
} from './decoder-layer.ts';
import type { TorchReference } from './reference.ts';
import { median, timeCalls } from './stats.ts';

export interface LayerTimes {
  engine: EngineName;
  /** Median seconds per pass. */
  forward: number;
  torchForward: number;
  forwardBackward: number;
  torchForwardBackward: number;
}

export interface LayerAgreement {
  /** max |realign - torch| / max |torch| for the output, the input gradient and the gate_proj gradient. */
  output: number;
  inputGrad: number;
  gateGrad: number;
}

function forwardBackward(inputs: LayerInputs, config: LayerConfig): Tensor {
  const y = decoderLayer(inputs, config);
  backward(y, inputs.outputGrad);
  return y;
}

function zeroGrads(inputs: LayerInputs): void {
  inputs.x.zeroGrad();
  for (const weight of Object.values(inputs.weights)) weight.zeroGrad();
}

function relativeError(actual: Float32Array, expected: Float32Array): number {
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
    maxRef = Math.max(maxRef, Math.abs(expected[i]));
  }
  return maxDiff / maxRef;
}

async function readFloats(path: string): Promise<Float32Array> {
  const bytes = await readFile(path);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/**
 * Sends the layer's weights and inputs to PyTorch, which keeps them for the timing requests, and
 * compares one realign forward+backward pass on the active engine with PyTorch's.
 */
export async function setUpLayer(
  torch: TorchReference,
  inputs: LayerInputs,
  config: LayerConfig,
): Promise<LayerAgreement> {
  const folder = await mkdtemp(join(tmpdir(), 'realign-bench-'));
  try {
    const tensors: Record<string, Tensor> = {
      ...namedWeights(inputs.weights),
      x: inputs.x,
      cos: inputs.cos,
      sin: inputs.sin,
    };
    for (const [name, tensor] of Object.entries(tensors))
      await writeFile(join(folder, `${name}.f32`), tensor.data);
    await writeFile(join(folder, 'output_grad.f32'), inputs.outputGrad);
    await torch.request({ op: 'layer_setup', folder, config });

    zeroGrads(inputs);
    const y = forwardBackward(inputs, config);
    const agreement = {
      output: relativeError(y.data, await readFloats(join(folder, 'y.f32'))),
      inputGrad: relativeError(inputs.x.grad!, await readFloats(join(folder, 'dx.f32'))),
      gateGrad: relativeError(inputs.weights.gateProj.grad!, await readFloats(join(folder, 'dgate.f32'))),
    };
    zeroGrads(inputs);
    return agreement;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Times the layer on one engine against PyTorch: one warm-up round, then `rounds` rounds. */
export async function benchLayer(
  torch: TorchReference,
  inputs: LayerInputs,
  config: LayerConfig,
  engine: EngineName,
  threads: number,
  rounds: number,
): Promise<LayerTimes> {
  await initBackend({ engine, threads });
  const samples = {
    forward: [] as number[],
    torchForward: [] as number[],
    forwardBackward: [] as number[],
    torchForwardBackward: [] as number[],
  };

  for (let round = 0; round <= rounds; round++) {
    const forward = timeCalls(() => noGrad(() => decoderLayer(inputs, config)), 1);
    const torchForward = await torch.seconds({ op: 'layer', backward: false, repeats: 1 });
    const both = timeCalls(() => forwardBackward(inputs, config), 1);
    const torchBoth = await torch.seconds({ op: 'layer', backward: true, repeats: 1 });
    zeroGrads(inputs);

    if (round === 0) continue;
    samples.forward.push(forward);
    samples.torchForward.push(torchForward);
    samples.forwardBackward.push(both);
    samples.torchForwardBackward.push(torchBoth);
  }

  return {
    engine,
    forward: median(samples.forward),
    torchForward: median(samples.torchForward),
    forwardBackward: median(samples.forwardBackward),
    torchForwardBackward: median(samples.torchForwardBackward),
  };
}

export { createLayerInputs };
