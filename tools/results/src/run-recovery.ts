/**
 * Runs `realign recover --zoo NAME` in this process through runCli, exactly as the command line
 * would, and reads back the report.json it wrote.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '@realign/cli';
import { readReportJson, writeFileAtomic } from '@realign/report';
import { summarizeReport, type RecoverySummary } from './summary.ts';

/** Written next to report.json so a reused run keeps its measured time and can be checked against the flags. */
const TIMING_FILE = 'results-timing.json';

/** Raised when `realign recover` exits with a non-zero code; carries the CLI's error output. */
export class RecoveryRunError extends Error {
  override name = 'RecoveryRunError';
}

export interface RecoveryRunOptions {
  model: string;
  /** Output folder of this run; `realign recover` rejects a non-empty one. */
  outputDir: string;
  /** Flags after `--zoo NAME --output-dir DIR`, for example `--eval-limit 40 --quiet`. */
  flags: readonly string[];
  /** Read report.json from `outputDir` when an earlier run finished there, instead of running again. */
  reuse: boolean;
}

/** Returns the recovery of one zoo model, running it unless a finished run can be reused. */
export async function runRecovery(
  options: RecoveryRunOptions,
): Promise<RecoverySummary & { reused: boolean }> {
  const reportPath = join(options.outputDir, 'report.json');
  const timingPath = join(options.outputDir, TIMING_FILE);
  const argv = ['recover', '--zoo', options.model, '--output-dir', options.outputDir, ...options.flags];
  if (options.reuse && existsSync(reportPath) && existsSync(timingPath)) {
    const timing = JSON.parse(readFileSync(timingPath, 'utf8')) as { seconds: number; argv: string[] };
    if (timing.argv.join(' ') !== argv.join(' ')) {
      throw new RecoveryRunError(
        `${options.outputDir} holds a run of \`realign ${timing.argv.join(' ')}\`, not \`realign ${argv.join(' ')}\`; pass a fresh --out or the same flags`,
      );
    }
    return { ...summarizeReport(options.model, readReportJson(reportPath), timing.seconds), reused: true };
  }

  let errors = '';
  const started = performance.now();
  const code = await runCli(argv, {
    stdout: { write: () => true },
    stderr: { write: (text: string) => (errors += text) },
  });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) {
    throw new RecoveryRunError(`realign ${argv.join(' ')} exited with code ${code}:\n${errors.trim()}`);
  }

  writeFileAtomic(timingPath, `${JSON.stringify({ seconds, argv })}\n`);
  return { ...summarizeReport(options.model, readReportJson(reportPath), seconds), reused: false };
}
