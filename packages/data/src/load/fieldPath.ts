/**
 * Field paths into a parsed record. A path is a dotted list of keys with optional bracket
 * parts: `prompt`, `meta.source`, `messages[0].content`, `labels["a.b"]`. For a CSV file the path
 * is a column name (after the header) or a 0-based column index.
 */
export type FieldPath = string | number;

/** One step of a path: an object key or an array index. */
export type PathSegment = string | number;

/** Splits a path into segments; throws `Error` with the position of the first invalid character. */
export function parseFieldPath(path: FieldPath): PathSegment[] {
  if (typeof path === 'number') return [path];
  if (path.length === 0) throw new Error('field path is empty');

  const segments: PathSegment[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close < 0)
        throw new Error(`field path ${JSON.stringify(path)} has "[" at ${i} without a closing "]"`);
      segments.push(parseBracket(path, path.slice(i + 1, close)));
      i = close + 1;
    } else {
      const match = /^[^.[]+/.exec(path.slice(i));
      if (!match) throw new Error(`field path ${JSON.stringify(path)} has an empty key at ${i}`);
      segments.push(match[0]);
      i += match[0].length;
    }
    if (path[i] === '.') {
      i++;
      if (i === path.length) throw new Error(`field path ${JSON.stringify(path)} ends with "."`);
    }
  }
  return segments;
}

function parseBracket(path: string, inner: string): PathSegment {
  if (/^\d+$/.test(inner)) return Number(inner);

  const quoted = /^(["'])(.*)\1$/.exec(inner);
  if (quoted) return quoted[2];

  throw new Error(`field path ${JSON.stringify(path)} has "[${inner}]"; use a number or a quoted key`);
}

/** Follows `segments` into `value`; returns `undefined` when any step is missing. */
export function getAtPath(value: unknown, segments: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof segment === 'number' && !Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
