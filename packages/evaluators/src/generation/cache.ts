import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ResponseCacheError } from '../errors.ts';
import type { ChatMessage, GenerationSettings } from '../types.ts';

const CACHE_FORMAT_VERSION = 1;

const cacheFileSchema = z.object({
  version: z.literal(CACHE_FORMAT_VERSION),
  checkpointId: z.string(),
  promptSet: z.string(),
  /** Response text by `responseCacheKey`. */
  responses: z.record(z.string(), z.string()),
});

type CacheFile = z.infer<typeof cacheFileSchema>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Returns the cache key of one response: the SHA-256 of the checkpoint identity, the conversation
 * and every generation setting, so a change to any of them misses the cache.
 */
export function responseCacheKey(
  checkpointId: string,
  conversation: readonly ChatMessage[],
  settings: GenerationSettings,
): string {
  return sha256(JSON.stringify({ version: CACHE_FORMAT_VERSION, checkpointId, conversation, settings }));
}

/**
 * Generated responses on disk, one JSON file per checkpoint and prompt set:
 * `<folder>/<sha256(checkpointId) prefix>/<promptSet>.json`. Every write goes to a temp file that
 * is then renamed, so a crash leaves the old file or the new one, never half of one.
 */
export class ResponseCache {
  constructor(readonly folder: string) {}

  /** Returns the path of the file that contains one checkpoint's responses to one prompt set. */
  filePath(checkpointId: string, promptSet: string): string {
    if (!/^[\w.-]+$/.test(promptSet)) {
      throw new ResponseCacheError(
        `prompt set name ${JSON.stringify(promptSet)} is invalid for a cache file; use letters, digits, '.', '_' or '-'`,
      );
    }
    return join(this.folder, sha256(checkpointId).slice(0, 24), `${promptSet}.json`);
  }

  /** Reads the cached responses by key; a missing file is an empty cache. */
  read(checkpointId: string, promptSet: string): Map<string, string> {
    const path = this.filePath(checkpointId, promptSet);
    if (!existsSync(path)) return new Map();

    let parsed: CacheFile;
    try {
      parsed = cacheFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    } catch (error) {
      throw new ResponseCacheError(
        `response cache ${path} is unreadable (${(error as Error).message}); delete it to generate the responses again`,
        { cause: error },
      );
    }

    if (parsed.checkpointId !== checkpointId) {
      throw new ResponseCacheError(
        `response cache ${path} belongs to checkpoint ${JSON.stringify(parsed.checkpointId)}, not ${JSON.stringify(checkpointId)}; delete it`,
      );
    }
    return new Map(Object.entries(parsed.responses));
  }

  /** Writes all responses of one checkpoint and prompt set, replacing the file atomically. */
  write(checkpointId: string, promptSet: string, responses: ReadonlyMap<string, string>): void {
    const path = this.filePath(checkpointId, promptSet);
    const file: CacheFile = {
      version: CACHE_FORMAT_VERSION,
      checkpointId,
      promptSet,
      responses: Object.fromEntries(responses),
    };

    mkdirSync(join(path, '..'), { recursive: true });
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(file)}\n`);
    renameSync(temporary, path);
  }
}
