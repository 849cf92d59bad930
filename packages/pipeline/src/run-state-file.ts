import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RestoreState } from '@realign/restorer';
import { z } from 'zod';
import { RunStateError } from './errors.ts';
import type { HistoryEvent } from './run.ts';

/** Files a checkpoint folder contains next to the model, so the run can resume from it. */
export const RUN_STATE_FILE = 'realign-run-state.json';
export const RESTORE_STATE_FILE = 'realign-restore-state.bin';
export const SCORES_FILE = 'realign-scores.json';

const runProgressSchema = z.object({
  format: z.literal('realign-run-state'),
  version: z.literal(1),
  phase: z.enum(['descent', 'rollback']),
  step: z.number().int().min(1),
  /** Whether the warmup test is still to come, passed, or sent the run to rollback. */
  warmup: z.enum(['pending', 'continue', 'rollback']),
  baseline: z.object({ taskScore: z.number(), harmfulRate: z.number() }),
  /** Everything that must match for a resume to reproduce the uninterrupted run. */
  fingerprint: z.record(z.string(), z.string()),
  /** Checkpoint scores and the warmup decision emitted before this checkpoint, replayed on resume. */
  history: z.array(z.looseObject({ type: z.enum(['checkpoint-scored', 'warmup-decided']) })),
  tensors: z.array(z.object({ name: z.string(), size: z.number().int().min(0) })),
});
export type RunProgress = Omit<
  z.infer<typeof runProgressSchema>,
  'format' | 'version' | 'tensors' | 'history'
> & {
  history: HistoryEvent[];
};

const scoresSchema = z.object({ taskScore: z.number(), harmfulRate: z.number().nullable() });
export type StoredScores = z.infer<typeof scoresSchema>;

/**
 * Writes the run progress and the restore state (per tensor: the fp32 gradient sum, then the
 * restored mask packed 8 elements per byte, little-endian bit order) into `dir`. The caller makes
 * the folder visible atomically, so these files are written in place.
 */
export async function writeRunState(dir: string, progress: RunProgress, state: RestoreState): Promise<void> {
  const tensors = state.names.map((name) => ({ name, size: state.accumulated.get(name)!.length }));
  const handle = await open(join(dir, RESTORE_STATE_FILE), 'w');
  try {
    for (const { name } of tensors) {
      const sum = state.accumulated.get(name)!;
      await handle.write(new Uint8Array(sum.buffer, sum.byteOffset, sum.byteLength));
      await handle.write(packBits(state.restored.get(name)!));
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  await writeFile(
    join(dir, RUN_STATE_FILE),
    JSON.stringify({ format: 'realign-run-state', version: 1, ...progress, tensors }, null, 2),
  );
}

/** Reads the progress half of what writeRunState wrote. */
export async function readRunProgress(
  dir: string,
): Promise<RunProgress & { tensors: { name: string; size: number }[] }> {
  const path = join(dir, RUN_STATE_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new RunStateError(path, (error as Error).message);
  }
  const parsed = runProgressSchema.safeParse(json);
  if (!parsed.success) throw new RunStateError(path, parsed.error.message);

  const { format: _format, version: _version, history, ...progress } = parsed.data;
  return { ...progress, history: history as unknown as HistoryEvent[] };
}

/** Reads what writeRunState wrote; `sizes` are the eligible tensors of the current run. */
export async function readRunState(
  dir: string,
  sizes: ReadonlyMap<string, number>,
): Promise<{ progress: RunProgress; state: RestoreState }> {
  const path = join(dir, RUN_STATE_FILE);
  const { tensors, ...progress } = await readRunProgress(dir);
  const expected = [...sizes].map(([name, size]) => `${name}:${size}`).join(',');
  const found = tensors.map(({ name, size }) => `${name}:${size}`).join(',');
  if (expected !== found)
    throw new RunStateError(path, 'its tensors differ from the eligible tensors of this run');

  const bytes = await readFile(join(dir, RESTORE_STATE_FILE));
  const state = new RestoreState(sizes);
  let offset = 0;
  for (const { name, size } of tensors) {
    const sumBytes = size * 4;
    const maskBytes = Math.ceil(size / 8);
    if (offset + sumBytes + maskBytes > bytes.length)
      throw new RunStateError(join(dir, RESTORE_STATE_FILE), 'file is truncated');
    new Uint8Array(state.accumulated.get(name)!.buffer).set(bytes.subarray(offset, offset + sumBytes));
    unpackBits(bytes.subarray(offset + sumBytes, offset + sumBytes + maskBytes), state.restored.get(name)!);
    offset += sumBytes + maskBytes;
  }
  return { progress, state };
}

export async function writeScores(dir: string, scores: StoredScores): Promise<void> {
  const temporary = join(dir, `.${SCORES_FILE}.tmp`);
  await writeFile(temporary, JSON.stringify(scores));
  await rename(temporary, join(dir, SCORES_FILE));
}

/** Returns the stored scores of a checkpoint folder, or null when it was never scored. */
export async function readScores(dir: string): Promise<StoredScores | null> {
  const path = join(dir, SCORES_FILE);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return null;

  const parsed = scoresSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new RunStateError(path, parsed.error.message);
  return parsed.data;
}

function packBits(mask: Uint8Array): Uint8Array {
  const packed = new Uint8Array(Math.ceil(mask.length / 8));
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 0) packed[i >> 3] |= 1 << (i & 7);
  }
  return packed;
}

function unpackBits(packed: Uint8Array, mask: Uint8Array): void {
  for (let i = 0; i < mask.length; i++) mask[i] = (packed[i >> 3] >> (i & 7)) & 1;
}
