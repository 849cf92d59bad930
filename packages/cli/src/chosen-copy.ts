import { cp, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Copies the chosen checkpoint folder to `target` under a temporary name, then renames it, so a
 * crash never leaves a half-copied folder under the final name. Replaces an earlier copy.
 */
export async function copyCheckpointAtomically(source: string, target: string): Promise<void> {
  const temporary = join(dirname(target), `.partial-copy-${process.pid}`);
  await rm(temporary, { recursive: true, force: true });
  await cp(source, temporary, { recursive: true });
  await rm(target, { recursive: true, force: true });
  await rename(temporary, target);
}
