import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';

/**
 * Flushes a folder's entries to disk, so that renames into it survive a power loss.
 * Linux allows fsync on a folder opened read-only, which is all this needs.
 */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Returns a hidden, unique sibling name for `filePath`, for a temporary file later renamed onto it. */
export function temporarySibling(filePath: string, label: string): string {
  const suffix = `${process.pid}-${randomBytes(6).toString('hex')}`;
  return path.join(path.dirname(filePath), `.${path.basename(filePath)}.${label}-${suffix}.tmp`);
}
