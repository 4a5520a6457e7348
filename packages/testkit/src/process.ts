import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

// The workspace root: services are started the way `pnpm --filter … start` would, from their source.
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A script running as its own OS process, as in production, so a test can SIGKILL it and read what it printed. */
export interface ServiceProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** The last 20 kB of its stdout and stderr. */
  output: () => string;
  /** The last 20 kB of its stdout alone. */
  stdout: () => string;
  /** Waits until its output matches; throws with the output when it exits first or the time runs out. */
  waitForOutput: (match: string | RegExp, timeoutMs?: number) => Promise<void>;
  /** Kills it with the signal and waits for it to exit. */
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

/** Starts a TypeScript entry point (a path from the workspace root) under tsx with the environment and arguments. */
export function startScript(script: string, env: Record<string, string>, args: readonly string[] = []): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let stdout = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stdout?.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-20_000)));
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const matches = (match: string | RegExp) => (typeof match === 'string' ? out.includes(match) : match.test(out));
  return {
    child,
    exited,
    output: () => out,
    stdout: () => stdout,
    waitForOutput: async (match, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!matches(match)) {
        if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
          throw new Error(`${script} never printed ${String(match)}:\n${out}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
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
  const p = startScript(`services/${name}/src/bin.ts`, { ...env, LOG_LEVEL: 'info' });
  try {
    await p.waitForOutput(readyLine, timeoutMs);
  } catch (err) {
    p.child.kill('SIGKILL');
    throw new Error(`${name} did not start: ${(err as Error).message}`);
  }
  return p;
}

/** A TCP port nothing listens on right now (the OS picks it; a test binds it soon after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}
