/**
 * The PyTorch reference process (pytorch_reference.py). It stays alive for the whole benchmark so
 * that candidate and reference runs can alternate; each request is one JSON line each way.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** Debian's python3-torch lives under this interpreter; the python3 first on PATH may lack it. */
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../pytorch_reference.py', import.meta.url));

export class TorchReference {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly replies: AsyncIterator<string>;

  constructor() {
    // Passive waiting keeps idle OpenMP threads asleep while the TypeScript side runs.
    this.process = spawn(PYTHON, [SCRIPT], {
      env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.process.stderr.pipe(process.stderr);
    this.replies = createInterface({ input: this.process.stdout })[Symbol.asyncIterator]();
  }

  /** Sends one request and returns the reply object. */
  async request(message: Record<string, unknown>): Promise<Record<string, unknown>> {
    this.process.stdin.write(JSON.stringify(message) + '\n');
    const line = await this.replies.next();
    if (line.done) {
      throw new Error(
        `PyTorch reference exited (code ${this.process.exitCode}) before replying to ${message.op}`,
      );
    }
    const reply = JSON.parse(line.value) as Record<string, unknown>;
    if (typeof reply.error === 'string') throw new Error(`PyTorch reference: ${reply.error}`);
    return reply;
  }

  /** Sends a timing request and returns its `seconds` field. */
  async seconds(message: Record<string, unknown>): Promise<number> {
    const reply = await this.request(message);
    return reply.seconds as number;
  }

  async close(): Promise<void> {
    this.process.stdin.end(JSON.stringify({ op: 'quit' }) + '\n');
    await new Promise((resolve) => this.process.once('exit', resolve));
  }
}
