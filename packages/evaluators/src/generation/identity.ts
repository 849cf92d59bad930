import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ResponseCacheError } from '../errors.ts';

const WEIGHT_FILE = /\.(safetensors|bin)$/;
const CONFIG_FILES = ['config.json', 'adapter_config.json', 'model.safetensors.index.json'];

/**
 * Returns an identity for a checkpoint folder for the response cache: a SHA-256 over the folder
 * path, its config files (config.json, adapter_config.json, the shard index) and the name, size and modification time of each weight file. Hashing the
 * weights themselves would cost a full read of a multi-gigabyte model per evaluation.
 *
 * NOTE: a weight file rewritten in place keeps its identity when its size stays the same and the
 * rewrite falls within the file system's timestamp resolution. Pass an explicit id (a run id plus
 * step) when that can happen.
 */
export function checkpointIdentity(folder: string): string {
  const hash = createHash('sha256');
  const absolute = resolve(folder);
  hash.update(`folder:${absolute}\n`);

  const configs = CONFIG_FILES.filter((name) => existsSync(join(absolute, name)));
  if (!configs.some((name) => name !== 'model.safetensors.index.json')) {
    throw new ResponseCacheError(
      `${absolute} has neither config.json nor adapter_config.json, so it is not a checkpoint folder`,
    );
  }
  for (const name of configs) hash.update(`\n${name}\n`).update(readFileSync(join(absolute, name)));

  const files = readdirSync(absolute)
    .filter((name) => WEIGHT_FILE.test(name))
    .sort();
  for (const name of files) {
    const stats = statSync(join(absolute, name));
    hash.update(`\n${name}:${stats.size}:${stats.mtimeMs}`);
  }

  return `sha256:${hash.digest('hex')}`;
}
