import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A long-running child process that writes one JSON reply line on stdout for each JSON request line on
 * stdin. A reply with an `error` string becomes a thrown Error. The child's stderr passes through.
 */
export class JsonLineProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly replies: AsyncIterator<string>;

  constructor(
    readonly label: string,
    command: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.pipe(process.stderr);
    this.replies = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  /** Sends one request and returns the reply object. */
  async request(message: { op: string } & Record<string, unknown>): Promise<Record<string, unknown>> {
    this.child.stdin.write(JSON.stringify(message) + '\n');
    const line = await this.replies.next();
    if (line.done) {
      throw new Error(
        `${this.label} worker exited (code ${this.child.exitCode}) before replying to ${message.op}`,
      );
    }

    const reply = JSON.parse(line.value) as Record<string, unknown>;
    if (typeof reply.error === 'string') throw new Error(`${this.label} worker: ${reply.error}`);
    return reply;
  }

  /** Asks the child to quit and waits for it to exit. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end(JSON.stringify({ op: 'quit' }) + '\n');
    await exited;
  }
}
