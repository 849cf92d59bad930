/** `realign zoo`: lists the shipped models. */
import { listZooModels } from '@realign/zoo';
import type { CommandIo } from './io.ts';

export async function runZoo(_argv: readonly string[], io: CommandIo): Promise<number> {
  const models = listZooModels();
  const width = Math.max(...models.map((model) => model.name.length));
  for (const model of models) {
    io.stdout.write(
      `${model.name.padEnd(width)}  ${model.role.padEnd(7)}  ${model.description}\n${' '.repeat(width + 11)}${model.path}\n`,
    );
  }
  return 0;
}
