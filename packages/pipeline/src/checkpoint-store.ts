import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecoveryPhase } from './events.ts';

/**
 * Checkpoint folders of a run: `<outputDir>/checkpoints/<phase>-step-<NNNN>`. A folder is built
 * under a hidden temporary name and renamed when complete, so every folder with a final name is
 * a complete checkpoint and an interrupted write leaves only a temporary folder, removed on the
 * next start.
 */
export interface CheckpointFolder {
  readonly phase: RecoveryPhase;
  readonly step: number;
  readonly path: string;
}

const FOLDER_NAME = /^(descent|rollback)-step-(\d{4,})$/;
const TEMPORARY_PREFIX = '.partial-';

export function checkpointsDir(outputDir: string): string {
  return join(outputDir, 'checkpoints');
}

export function checkpointFolderName(phase: RecoveryPhase, step: number): string {
  return `${phase}-step-${String(step).padStart(4, '0')}`;
}

/** Lists complete checkpoints in run order: every descent step, then every rollback step. */
export async function listCheckpoints(outputDir: string): Promise<CheckpointFolder[]> {
  const dir = checkpointsDir(outputDir);
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });

  const folders: CheckpointFolder[] = [];
  for (const name of names) {
    const match = FOLDER_NAME.exec(name);
    if (match !== null)
      folders.push({ phase: match[1] as RecoveryPhase, step: Number(match[2]), path: join(dir, name) });
  }
  const rank = (phase: RecoveryPhase) => (phase === 'descent' ? 0 : 1);
  return folders.sort((a, b) => rank(a.phase) - rank(b.phase) || a.step - b.step);
}

/** Removes temporary folders that an interrupted run left behind. */
export async function removePartialCheckpoints(outputDir: string): Promise<void> {
  const dir = checkpointsDir(outputDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(TEMPORARY_PREFIX)) await rm(join(dir, name), { recursive: true, force: true });
  }
}

/**
 * Builds a checkpoint folder with `fill` under a temporary name, then renames it into place.
 * When `fill` throws or `signal` is aborted before the rename, the temporary folder is removed
 * and no checkpoint appears.
 */
export async function writeCheckpointFolder(
  outputDir: string,
  phase: RecoveryPhase,
  step: number,
  fill: (dir: string) => Promise<void>,
  signal: AbortSignal,
): Promise<CheckpointFolder> {
  const dir = checkpointsDir(outputDir);
  const name = checkpointFolderName(phase, step);
  const temporary = join(dir, `${TEMPORARY_PREFIX}${name}-${process.pid}`);
  const path = join(dir, name);

  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary, { recursive: true });
  try {
    await fill(temporary);
    signal.throwIfAborted();
    await rm(path, { recursive: true, force: true });
    await rename(temporary, path);
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  return { phase, step, path };
}

/**
 * Deletes `fileName` from every checkpoint except `keep`. The restore state is only needed to
 * resume from the last checkpoint, and it costs about 4.1 bytes per eligible weight.
 */
export async function pruneFileExcept(
  outputDir: string,
  keep: CheckpointFolder,
  fileName: string,
): Promise<void> {
  for (const folder of await listCheckpoints(outputDir)) {
    if (folder.path !== keep.path) await rm(join(folder.path, fileName), { force: true });
  }
}
