export { runCli } from './cli.ts';
export type { CommandIo } from './commands/io.ts';
export { flagsFromSchema, formatFlagHelp, parseFlags, UsageError, type FlagSpec } from './flags.ts';
