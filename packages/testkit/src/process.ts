import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The workspace root: services are started the way `pnpm --filter … start` would, from their source.
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A service running as its own OS process, as in production, so a test can SIGKILL it. */
export interface ServiceProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** The last 20 kB of its stdout and stderr. */
  output: () => string;
  /** Kills it with the signal and waits for it to exit. */
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

/**
 * Starts `services/<name>/src/bin.ts` under tsx with the given environment and waits until its log says
 * `readyLine` (e.g. "core is consuming requests").
 */
export async function spawnService(
  name: 'core' | 'bot' | 'scheduler',
  env: Record<string, string>,
  readyLine: string,
  timeoutMs = 60_000,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/bin.ts`], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  while (!out.includes(readyLine)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    exited,
    output: () => out,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
