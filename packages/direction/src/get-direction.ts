import { DirectionCache } from './cache.ts';
import { directionCacheKey, type DirectionKeyInput } from './cache-key.ts';
import { meanHiddenState } from './mean-state.ts';
import type { HiddenStateModel, StateReadOptions } from './types.ts';

export interface DirectionRequest {
  /** Cache key inputs; `tokenIds` are also the prompts the model runs. */
  readonly key: DirectionKeyInput;
  /** Builds the truncated model; called only on a cache miss. */
  readonly loadModel: () => Promise<HiddenStateModel>;
  readonly cache: DirectionCache;
  readonly read: Omit<StateReadOptions, 'position'>;
}

export interface DirectionResult {
  readonly direction: Float32Array;
  /** True when the direction came from the cache. */
  readonly cached: boolean;
  readonly key: string;
  readonly path: string;
}

/** Returns the cached direction for the request's key, or computes, stores and returns it. */
export async function getDirection(request: DirectionRequest): Promise<DirectionResult> {
  const key = directionCacheKey(request.key);
  const stored = await request.cache.get(key);
  if (stored !== null) return { direction: stored, cached: true, key, path: request.cache.pathFor(key) };

  const model = await request.loadModel();
  if (model.layerCount !== request.key.layer) {
    throw new RangeError(
      `direction model runs ${model.layerCount} layers, but the cache key is for layer ${request.key.layer}; load the model truncated to that layer`,
    );
  }

  const direction = meanHiddenState(model, request.key.tokenIds, {
    ...request.read,
    position: request.key.position,
  });
  const metadata = {
    layer: request.key.layer,
    position: request.key.position,
    promptCount: request.key.prompts.length,
  };
  const path = await request.cache.put(key, direction, metadata);
  return { direction, cached: false, key, path };
}
