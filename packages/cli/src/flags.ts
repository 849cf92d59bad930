/**
 * Command-line flags generated from a zod object schema, so each option's type, default, allowed
 * values and help text live in one place: the schema field and its `.describe()` text.
 *
 * Field names map to kebab-case flags (`allowedDrop` -> `--allowed-drop`); nested objects flatten
 * with a dot (`rollback.ratio` -> `--rollback.ratio`). Values are coerced from strings by the
 * JSON-schema type of the field, then the whole object is validated by the schema itself.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** One flag derived from a schema field. */
export interface FlagSpec {
  /** Flag name without dashes, for example `allowed-drop` or `rollback.ratio`. */
  flag: string;
  /** Path of the field in the parsed object. */
  path: string[];
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array';
  description: string;
  defaultValue?: unknown;
  allowed?: readonly unknown[];
  required: boolean;
}

/** Raised for an unknown flag, a value of the wrong type, or a value the schema rejects. */
export class UsageError extends Error {
  override name = 'UsageError';
}

interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
}

function toKebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Picks the non-null member of an optional/nullable union, so `x?: number` reads as a number. */
function unwrap(node: JsonSchemaNode): JsonSchemaNode {
  if (!node.anyOf) return node;
  const concrete = node.anyOf.filter((member) => member.type !== 'null');
  return concrete.length === 1
    ? { ...concrete[0], description: node.description ?? concrete[0].description }
    : node;
}

function collect(node: JsonSchemaNode, path: string[], required: boolean, out: FlagSpec[]): void {
  const field = unwrap(node);
  const type = Array.isArray(field.type) ? field.type[0] : field.type;

  if (type === 'object' && field.properties) {
    const requiredNames = new Set(field.required ?? []);
    for (const [name, child] of Object.entries(field.properties)) {
      collect(child, [...path, name], required && requiredNames.has(name), out);
    }
    return;
  }

  const flagType =
    type === 'number' || type === 'integer' || type === 'boolean' || type === 'array' ? type : 'string';
  out.push({
    flag: path.map(toKebab).join('.'),
    path,
    type: flagType,
    description: field.description ?? '',
    defaultValue: field.default,
    allowed: field.enum,
    required: required && field.default === undefined,
  });
}

/** Lists the flags of an object schema, in field order. */
export function flagsFromSchema(schema: z.ZodType): FlagSpec[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  const flags: FlagSpec[] = [];
  collect(json, [], true, flags);
  return flags;
}

function coerce(spec: FlagSpec, raw: string | boolean | string[]): unknown {
  if (spec.type === 'boolean') return raw;
  if (spec.type === 'array') return Array.isArray(raw) ? raw : [raw];
  const text = Array.isArray(raw) ? raw[raw.length - 1] : String(raw);
  if (spec.type === 'number' || spec.type === 'integer') {
    const value = Number(text);
    if (text.trim() === '' || Number.isNaN(value)) {
      throw new UsageError(`--${spec.flag}: expected a number, found '${text}'.`);
    }
    return value;
  }
  return text;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** Formats zod issues as one line per field, naming the flag the user typed. */
export function describeIssues(error: z.ZodError, flags: readonly FlagSpec[]): string {
  return error.issues
    .map((issue) => {
      const key = issue.path.map(String).join('.');
      const spec = flags.find((candidate) => candidate.path.join('.') === key);
      const where = spec ? `--${spec.flag}` : key || '(config)';
      if (issue.code === 'invalid_type' && spec?.required)
        return `${where}: missing; this option is required`;
      return `${where}: ${issue.message}`;
    })
    .join('\n');
}

/**
 * Parses argv against the schema's flags, merges them over `base` (for example a config file's
 * contents), and validates the result. A flag the schema does not define is a UsageError.
 */
export function parseFlags<T extends z.ZodType>(
  schema: T,
  argv: readonly string[],
  base: Record<string, unknown> = {},
): z.output<T> {
  const flags = flagsFromSchema(schema);
  const options = Object.fromEntries(
    flags.map(
      (spec) =>
        [
          spec.flag,
          { type: spec.type === 'boolean' ? 'boolean' : 'string', multiple: spec.type === 'array' },
        ] as const,
    ),
  );

  // parseArgs reads `--steps -2` as two options; join a numeric flag with a negative value.
  const numeric = new Set(
    flags.filter((spec) => spec.type === 'number' || spec.type === 'integer').map((spec) => `--${spec.flag}`),
  );
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (numeric.has(argv[i]) && value !== undefined && /^-\d/.test(value))
      args.push(`${argv[i]}=${argv[++i]}`);
    else args.push(argv[i]);
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, allowPositionals: false, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message} Run with --help to list the options.`);
  }

  const merged = structuredClone(base);
  for (const spec of flags) {
    const raw = parsed.values[spec.flag];
    if (raw !== undefined) setPath(merged, spec.path, coerce(spec, raw as string | boolean | string[]));
  }

  const result = schema.safeParse(merged);
  if (!result.success) throw new UsageError(describeIssues(result.error, flags));
  return result.data;
}

/** Renders the options section of --help: flag, unit-bearing description, default and choices. */
export function formatFlagHelp(flags: readonly FlagSpec[]): string {
  const width = Math.max(...flags.map((spec) => spec.flag.length + (spec.type === 'boolean' ? 0 : 8))) + 4;
  return flags
    .map((spec) => {
      const name =
        spec.type === 'boolean'
          ? `--${spec.flag}`
          : `--${spec.flag} <${spec.type === 'integer' ? 'int' : spec.type}>`;
      const notes: string[] = [];
      // Descriptions that already state their default keep it in their own words.
      if (spec.allowed) notes.push(`one of: ${spec.allowed.join(', ')}`);
      if (spec.defaultValue !== undefined && !/\bDefault:/.test(spec.description))
        notes.push(`default: ${JSON.stringify(spec.defaultValue)}`);
      if (spec.required) notes.push('required');
      const suffix = notes.length > 0 ? ` (${notes.join('; ')})` : '';
      return `  ${name.padEnd(width)}${spec.description}${suffix}`;
    })
    .join('\n');
}
