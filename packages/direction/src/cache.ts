import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { DirectionCacheError } from './errors.ts';

const cacheFileSchema = z.object({
  format: z.literal('realign-direction'),
  version: z.literal(1),
  key: z.string(),
  /** Base64 of the little-endian fp32 values. */
  values: z.string(),
  length: z.number().int().positive(),
  metadata: z.record(z.string(), z.unknown()),
});

/**
 * Directions on disk, one JSON file per key. The key covers every input of the direction, so a
 * file that exists is never stale. Files are written to a temporary name and renamed, so a
 * reader sees a complete file or none.
 */
export class DirectionCache {
  constructor(readonly folder: string) {}

  pathFor(key: string): string {
    return join(this.folder, `${key}.json`);
  }

  /** Returns the cached direction, or null when none was stored under this key. */
  async get(key: string): Promise<Float32Array | null> {
    const path = this.pathFor(key);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return decode(path, key, text);
  }

  /** Stores a direction atomically; `metadata` is kept for people reading the file. */
  async put(key: string, direction: Float32Array, metadata: Record<string, unknown> = {}): Promise<string> {
    await mkdir(this.folder, { recursive: true });
    const path = this.pathFor(key);
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    const bytes = Buffer.from(direction.buffer, direction.byteOffset, direction.byteLength);
    const file = {
      format: 'realign-direction',
      version: 1,
      key,
      values: bytes.toString('base64'),
      length: direction.length,
      metadata,
    };

    try {
      await writeFile(temporary, JSON.stringify(file));
      await rename(temporary, path);
    } finally {
      await rm(temporary, { force: true });
    }
    return path;
  }
}

function decode(path: string, key: string, text: string): Float32Array {
  let parsed: z.infer<typeof cacheFileSchema>;
  try {
    parsed = cacheFileSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new DirectionCacheError(path, (error as Error).message);
  }
  if (parsed.key !== key)
    throw new DirectionCacheError(path, `stored key ${parsed.key} differs from its file name`);

  const bytes = Buffer.from(parsed.values, 'base64');
  if (bytes.length !== parsed.length * 4) {
    throw new DirectionCacheError(path, `expected ${parsed.length * 4} value bytes, found ${bytes.length}`);
  }
  // Copy into a fresh, aligned buffer: Buffer pools may start at any byte offset.
  const values = new Float32Array(parsed.length);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}
