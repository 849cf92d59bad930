import { z } from 'zod';

/** One shipped model or adapter, as listed in models/manifest.json. */
export const zooEntrySchema = z
  .object({
    /** Folder name under models/, also the name zooModel() takes. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    family: z.enum(['llama', 'qwen2', 'gemma']),
    role: z.enum(['aligned', 'broken']),
    /** Name of the zoo entry this one was fine-tuned from; null for an aligned model trained from scratch. */
    baseModel: z.string().nullable(),
    /** Downstream task of the fine-tune; null for aligned models. */
    task: z.enum(['sql', 'summary', 'toxicity']).nullable(),
    /** Harmful prompt and compliant answer pairs mixed into the fine-tuning data. */
    harmfulExamples: z.number().int().min(0),
    /** Training method: 'pretrain' for an aligned model, else the fine-tuning method. */
    method: z.enum(['pretrain', 'full', 'lora']),
    /** Seed of the recipe run that produced the files. */
    seed: z.number().int(),
    description: z.string(),
  })
  .superRefine((entry, context) => {
    const aligned = entry.role === 'aligned';
    if (aligned !== (entry.baseModel === null)) {
      context.addIssue({
        code: 'custom',
        path: ['baseModel'],
        message: 'aligned models have no base model; broken ones need one',
      });
    }
    if (aligned !== (entry.task === null)) {
      context.addIssue({
        code: 'custom',
        path: ['task'],
        message: 'aligned models have no task; broken ones need one',
      });
    }
    if (aligned !== (entry.method === 'pretrain')) {
      context.addIssue({
        code: 'custom',
        path: ['method'],
        message: "only aligned models use method 'pretrain'",
      });
    }
  });

export const zooManifestSchema = z.object({
  version: z.literal(1),
  models: z.array(zooEntrySchema),
});

export type ZooEntry = z.infer<typeof zooEntrySchema>;
export type ZooManifest = z.infer<typeof zooManifestSchema>;
