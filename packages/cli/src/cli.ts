/**
 * The `realign` command: dispatches to a subcommand, renders --help from the flag schemas, and
 * turns errors into messages and exit codes (2 for usage errors, 1 for failures).
 */
import { recoveryConfigSchema } from '@realign/pipeline';
import { runEval } from './commands/eval.ts';
import type { CommandIo } from './commands/io.ts';
import { InterruptedError, recoverFlagsSchema, runRecover } from './commands/recover.ts';
import { runZoo } from './commands/zoo.ts';
import { flagsFromSchema, formatFlagHelp, UsageError } from './flags.ts';
import { evalOptionsSchema } from './options.ts';

const USAGE = `realign: restore the safety alignment of a fine-tuned LLM.

Usage:
  realign recover --zoo NAME [options]
  realign recover --aligned DIR --finetuned DIR|ADAPTER --harmful FILE --task FILE --metric NAME [options]
  realign eval (--model DIR | --zoo NAME) [--task FILE --metric NAME] [options]
  realign zoo
  realign <command> --help

Commands:
  recover  restore a fine-tuned model's alignment; writes checkpoints, the chosen one and a report
  eval     score one checkpoint: harmful rate, over-refusal and task score
  zoo      list the shipped aligned and broken models with their folders
`;

function recoverHelp(): string {
  const settings = new Set(Object.keys(recoveryConfigSchema.shape));
  const flags = flagsFromSchema(recoverFlagsSchema);
  return (
    `${USAGE}\nInputs and scoring:\n${formatFlagHelp(flags.filter((flag) => !settings.has(flag.path[0])))}\n` +
    `\nRecovery settings (also accepted in a --config JSON file, by field name):\n` +
    `${formatFlagHelp(flags.filter((flag) => settings.has(flag.path[0])))}\n`
  );
}

const COMMANDS: Record<
  string,
  { run: (argv: readonly string[], io: CommandIo) => Promise<number>; help: () => string }
> = {
  recover: { run: runRecover, help: recoverHelp },
  eval: {
    run: runEval,
    help: () => `${USAGE}\nOptions:\n${formatFlagHelp(flagsFromSchema(evalOptionsSchema))}\n`,
  },
  zoo: { run: runZoo, help: () => USAGE },
};

/** Runs the command line `argv` (without node and script); returns the exit code. */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }

  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`realign: unknown command '${name}'; commands: ${Object.keys(COMMANDS).join(', ')}.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help());
    return 0;
  }

  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`realign ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof InterruptedError) {
      io.stderr.write(`\nrealign ${name}: ${error.message}\n`);
      return 130;
    }
    const failure = error as Error;
    io.stderr.write(
      `realign ${name}: ${failure.name === 'Error' ? '' : `${failure.name}: `}${failure.message}\n`,
    );
    if (process.env.REALIGN_DEBUG) io.stderr.write(`${failure.stack}\n`);
    return 1;
  }
}
