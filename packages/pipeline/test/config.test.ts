import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseRecoveryConfig, recoveryConfigSchema, resolveLayer } from '../src/index.ts';

describe('recoveryConfigSchema', () => {
  it('defaults to the method settings', () => {
    const config = parseRecoveryConfig({ outputDir: 'out' });

    expect(config).toEqual({
      outputDir: 'out',
      position: -1,
      rate: 0.002,
      rollbackRatio: 0.2,
      rollback: 'auto',
      steps: 20,
      checkpointInterval: 5,
      warmupSteps: 5,
      allowedDrop: 0.05,
      batchSize: 8,
      resume: false,
    });
  });

  it('describes every field with its default', () => {
    const json = z.toJSONSchema(recoveryConfigSchema, { io: 'input' }) as {
      properties: Record<string, { description?: string }>;
    };

    for (const [field, property] of Object.entries(json.properties)) {
      expect(property.description, field).toMatch(/\(|Default/);
      if (field !== 'outputDir') expect(property.description, field).toMatch(/Default/);
    }
  });

  it('names invalid fields', () => {
    const result = recoveryConfigSchema.safeParse({ outputDir: 'out', rate: 0, rollbackRatio: 2 });

    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'rate',
      'rollbackRatio',
    ]);
  });

  it('rejects more warmup than steps', () => {
    const result = recoveryConfigSchema.safeParse({ outputDir: 'out', steps: 3, warmupSteps: 5 });

    expect(result.error!.issues[0].path).toEqual(['warmupSteps']);
    expect(result.error!.issues[0].message).toMatch(/must not exceed steps \(3\)/);
  });

  it('ignores warmup beyond steps without rollback auto', () => {
    const config = parseRecoveryConfig({ outputDir: 'out', steps: 2, warmupSteps: 5, rollback: 'never' });
    expect(config.warmupSteps).toBe(5);
  });

  it('needs warmup for rollback auto', () => {
    expect(recoveryConfigSchema.safeParse({ outputDir: 'out', warmupSteps: 0 }).success).toBe(false);
    expect(
      recoveryConfigSchema.safeParse({ outputDir: 'out', warmupSteps: 0, rollback: 'always' }).success,
    ).toBe(true);
  });
});

describe('resolveLayer', () => {
  it('defaults to two thirds, rounded down', () => {
    expect(resolveLayer(parseRecoveryConfig({ outputDir: 'o' }), 32)).toBe(21);
    expect(resolveLayer(parseRecoveryConfig({ outputDir: 'o' }), 40)).toBe(26);
    expect(resolveLayer(parseRecoveryConfig({ outputDir: 'o' }), 1)).toBe(1);
  });

  it('rejects a layer past the model', () => {
    expect(() => resolveLayer(parseRecoveryConfig({ outputDir: 'o', layer: 33 }), 32)).toThrow(
      /exceeds the model's 32 decoder layers/,
    );
  });
});
