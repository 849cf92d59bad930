import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { flagsFromSchema, formatFlagHelp, parseFlags, UsageError } from '../src/flags.ts';

const schema = z.object({
  aligned: z.string().describe('Aligned checkpoint folder.'),
  rate: z
    .number()
    .min(0)
    .max(1)
    .default(0.002)
    .describe('Fraction of decoder-layer parameters restored per step, 0 to 1.'),
  steps: z.number().int().positive().default(20).describe('Restore steps.'),
  engine: z.enum(['ort', 'js']).default('ort').describe('Kernel engine.'),
  quiet: z.boolean().default(false).describe('Print no progress bars.'),
  rollback: z
    .object({
      ratio: z.number().min(0).max(1).default(0.2).describe('Fraction of restored weights rolled back.'),
    })
    .default({ ratio: 0.2 }),
});

describe('flagsFromSchema', () => {
  test('maps fields to kebab and dotted flags', () => {
    const names = flagsFromSchema(schema).map((spec) => spec.flag);
    expect(names).toEqual(['aligned', 'rate', 'steps', 'engine', 'quiet', 'rollback.ratio']);
  });

  test('marks only fields without default as required', () => {
    const required = flagsFromSchema(schema)
      .filter((spec) => spec.required)
      .map((spec) => spec.flag);
    expect(required).toEqual(['aligned']);
  });
});

describe('parseFlags', () => {
  test('coerces numbers and applies defaults', () => {
    const parsed = parseFlags(schema, ['--aligned', 'm', '--steps', '7', '--rollback.ratio', '0.5']);
    expect(parsed).toEqual({
      aligned: 'm',
      rate: 0.002,
      steps: 7,
      engine: 'ort',
      quiet: false,
      rollback: { ratio: 0.5 },
    });
  });

  test('flags override the base config', () => {
    const parsed = parseFlags(schema, ['--rate', '0.01'], { aligned: 'from-file', rate: 0.5 });
    expect(parsed.aligned).toBe('from-file');
    expect(parsed.rate).toBe(0.01);
  });

  test('rejects a non-numeric value naming the flag', () => {
    expect(() => parseFlags(schema, ['--aligned', 'm', '--rate', 'fast'])).toThrow(
      "--rate: expected a number, found 'fast'.",
    );
  });

  test('rejects out-of-range values naming the flag', () => {
    expect(() => parseFlags(schema, ['--aligned', 'm', '--rate', '2'])).toThrow(/--rate: /);
  });

  test('rejects an unknown flag', () => {
    expect(() => parseFlags(schema, ['--aligned', 'm', '--bogus', '1'])).toThrow(UsageError);
  });

  test('rejects a missing required flag', () => {
    expect(() => parseFlags(schema, [])).toThrow(/--aligned: /);
  });
});

test('help lists defaults and choices', () => {
  const help = formatFlagHelp(flagsFromSchema(schema));
  expect(help).toContain('--engine <string>');
  expect(help).toContain('one of: ort, js; default: "ort"');
  expect(help).toContain('--quiet');
  expect(help).toMatch(/--aligned <string> +Aligned checkpoint folder\. \(required\)/);
});

describe('parseFlags edge cases', () => {
  test('reads a negative number value', () => {
    expect(() => parseFlags(schema, ['--aligned', 'm', '--steps', '-2'])).toThrow(/--steps: Too small/);
  });

  test('names a missing required flag', () => {
    expect(() => parseFlags(schema, [])).toThrow('--aligned: missing; this option is required');
  });
});
