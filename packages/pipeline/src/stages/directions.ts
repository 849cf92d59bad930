import { join } from 'node:path';
import { DirectionCache, getDirection, hashWeightsUpToLayer, type DirectionResult } from '@realign/direction';
import type { HiddenStateModel } from '@realign/direction';
import type { DirectionComputedEvent } from '../events.ts';
import type { RecoveryRun } from '../run.ts';
import type { StageWork } from '../stage.ts';
import { ensureWorkingCopy } from '../working-copy.ts';

/**
 * Computes (or reads from the cache) the harmful direction on the aligned model and, unless
 * rollback is off, the benign direction on the fine-tuned model. Emits one `direction-computed`
 * per direction and records the cache keys in the run fingerprint.
 */
export function computeDirections(run: RecoveryRun): StageWork {
  return async (emit, signal) => {
    const cache = new DirectionCache(
      run.config.directionCacheDir ?? join(run.config.outputDir, 'directions'),
    );

    const harmful = await timed(() =>
      direction(run, cache, signal, 'aligned', run.harmfulPrompts, run.harmfulIds, () =>
        run.models.loadTruncated('aligned', run.layer),
      ),
    );
    run.harmfulDirection = harmful.result.direction;
    emit(directionEvent('harmful', harmful.result, run.harmfulPrompts.length, harmful.durationMs));

    let benignKey = 'none';
    if (run.config.rollback !== 'never') {
      // A fresh run's working copy is the pristine fine-tuned model, so it serves the benign direction.
      const loadFinetuned = async (): Promise<HiddenStateModel> =>
        run.resumeFrom === null
          ? (await ensureWorkingCopy(run)).model
          : run.models.loadTruncated('finetuned', run.layer);
      const benign = await timed(() =>
        direction(run, cache, signal, 'finetuned', run.taskPrompts, run.taskIds, loadFinetuned),
      );
      run.benignDirection = benign.result.direction;
      benignKey = benign.result.key;
      emit(directionEvent('benign', benign.result, run.taskPrompts.length, benign.durationMs));
    }

    run.fingerprint = {
      harmfulDirection: harmful.result.key,
      benignDirection: benignKey,
      settings: settingsFingerprint(run),
    };
  };
}

async function direction(
  run: RecoveryRun,
  cache: DirectionCache,
  signal: AbortSignal,
  model: 'aligned' | 'finetuned',
  prompts: string[],
  tokenIds: Int32Array[],
  loadModel: () => Promise<HiddenStateModel>,
): Promise<DirectionResult> {
  const source = model === 'aligned' ? run.models.aligned : run.models.finetuned;
  const weightsHash = await hashWeightsUpToLayer(source, run.layer);
  signal.throwIfAborted();

  return getDirection({
    key: {
      weightsHash,
      prompts,
      chatTemplate: run.models.chatTemplate,
      tokenIds,
      layer: run.layer,
      position: run.config.position,
    },
    loadModel,
    cache,
    read: { batchSize: run.config.batchSize, signal },
  });
}

/** Settings and strategies that change the weights a run produces; `steps` may grow on resume. */
function settingsFingerprint(run: RecoveryRun): string {
  const { config, strategies } = run;
  return JSON.stringify({
    rate: config.rate,
    rollbackRatio: config.rollbackRatio,
    rollback: config.rollback,
    warmupSteps: config.warmupSteps,
    allowedDrop: config.allowedDrop,
    batchSize: config.batchSize,
    layer: run.layer,
    position: config.position,
    selection: strategies.selection.name,
    rollbackSelection: strategies.rollbackSelection.name,
    restorer: strategies.restorer.name,
    rollbackPolicy: strategies.rollback.name,
  });
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; durationMs: number }> {
  const started = performance.now();
  const result = await work();
  return { result, durationMs: performance.now() - started };
}

function directionEvent(
  kind: 'harmful' | 'benign',
  result: DirectionResult,
  promptCount: number,
  durationMs: number,
): DirectionComputedEvent {
  const norm = Math.hypot(...result.direction);
  return {
    type: 'direction-computed',
    direction: kind,
    cached: result.cached,
    promptCount,
    norm,
    path: result.path,
    durationMs,
  };
}
