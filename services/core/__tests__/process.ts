import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A core replica running as its own OS process, as in production. */
export interface CoreProcess {
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  output: () => string;
}

/** Starts `services/core/src/bin.ts` in a child process and waits until it consumes requests. */
export async function spawnCore(env: Record<string, string>, timeoutMs = 30_000): Promise<CoreProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/core/src/bin.ts'], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  while (!out.includes('core is consuming requests')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`core did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, exited, output: () => out };
}
