import { createServer, type Server } from 'node:net';
import {
  createScratchDatabase,
  createScratchNamespace,
  freePort,
  scratchEnv,
  startScript,
  type ScratchDatabase,
  type ScratchNamespace,
  type ServiceProcess,
} from '@guildhall/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Stack } from './harness/stack.ts';

let db: ScratchDatabase;
let ns: ScratchNamespace;
const running: ServiceProcess[] = [];
const held: Server[] = [];

beforeAll(async () => {
  [db, ns] = await Promise.all([createScratchDatabase('gh_ops'), createScratchNamespace('ghops')]);
});
afterEach(async () => {
  for (const p of running.splice(0)) await p.kill('SIGKILL');
  for (const s of held.splice(0)) await new Promise((resolve) => s.close(resolve));
});
afterAll(async () => {
  await ns?.drop().catch(() => undefined);
  await db?.drop();
});

/** A port something else already listens on. */
async function takenPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  held.push(server);
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Three consecutive ports nothing listens on. */
async function freeRun(): Promise<number> {
  for (;;) {
    const base = await freePort();
    const free = await Promise.all(
      [1, 2].map(
        (offset) =>
          new Promise<boolean>((resolve) => {
            const s = createServer();
            s.once('error', () => resolve(false));
            s.listen(base + offset, '127.0.0.1', () => s.close(() => resolve(true)));
          }),
      ),
    );
    if (free.every(Boolean)) return base;
  }
}

function run(script: string, env: Record<string, string>): ServiceProcess {
  const p = startScript(script, env);
  running.push(p);
  return p;
}

/** The exit code, or a failure saying the process was still running after `ms`. */
async function exitCode(p: ServiceProcess, ms = 60_000): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} ms:\n${p.output()}`)), ms);
  });
  try {
    return await Promise.race([p.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

const readyLines = { core: 'core is consuming requests', bot: 'bot is serving', scheduler: 'scheduler is running' };

describe('start-up', () => {
  it.each(['core', 'scheduler', 'bot'] as const)(
    '%s stops and exits non-zero, saying which port, when its ops port is taken',
    async (name) => {
      const port = await takenPort();
      const p = run(`services/${name}/src/bin.ts`, {
        ...scratchEnv(db, ns, { HTTP_PORT: String(port), MIGRATE_ON_START: name === 'core' ? 'true' : 'false' }),
        DISCORD_TOKEN: 'not-used',
        DISCORD_API_BASE: 'http://127.0.0.1:9/api',
      });
      expect(await exitCode(p)).toBe(1);
      expect(p.output()).toContain(
        `${name} could not start: ops server on 127.0.0.1:${port} (HTTP_PORT): that port is already in use`,
      );
      expect(p.output()).not.toContain(readyLines[name]);
    },
  );

  it('says which database it cannot reach, instead of blaming anything else, and exits non-zero', async () => {
    const [opsPort, nowhere] = await Promise.all([freePort(), freePort()]);
    const p = run('services/core/src/bin.ts', {
      ...scratchEnv(db, ns, { HTTP_PORT: String(opsPort) }),
      DATABASE_URL: `mysql://root:hunter2@127.0.0.1:${nowhere}/guildhall`,
    });
    expect(await exitCode(p)).toBe(1);
    expect(p.output()).toContain(
      `core could not start: MySQL/MariaDB at mysql://***@127.0.0.1:${nowhere}/guildhall: connection refused: is it running?`,
    );
    expect(p.output()).not.toContain('hunter2');
  });

  it('says once per retry which broker is unreachable and how to start it, and is not ready meanwhile', async () => {
    const [opsPort, nowhere] = await Promise.all([freePort(), freePort()]);
    const p = run('services/core/src/bin.ts', {
      ...scratchEnv(db, ns, { HTTP_PORT: String(opsPort) }),
      AMQP_URL: `amqp://guest:hunter2@127.0.0.1:${nowhere}`,
    });
    await p.waitForOutput(/(cannot connect to RabbitMQ[^\n]*\n[^]*){3}/, 60_000);
    const lines = p
      .output()
      .split('\n')
      .filter((l) => l.includes('cannot connect to RabbitMQ'));
    for (const line of lines) {
      const { msg } = JSON.parse(line) as { msg: string };
      expect(msg).toMatch(
        new RegExp(
          `^cannot connect to RabbitMQ at amqp://\\*\\*\\*@127\\.0\\.0\\.1:${nowhere}: connection refused; retrying in \\d+\\.\\d s`,
        ),
      );
      expect(msg).toContain('rabbitmq-server -detached');
    }
    // One line each: no stack trace, no password.
    expect(p.output()).not.toMatch(/"stack"|\n\s+at /);
    expect(p.output()).not.toContain('hunter2');
    // The ops server came first: alive, not ready.
    expect((await fetch(`http://127.0.0.1:${opsPort}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${opsPort}/readyz`)).status).toBe(503);
  });

  it('pnpm start gives each service its own ops port from HTTP_PORT and prints their URLs', async () => {
    const [base, playgroundPort] = await Promise.all([freeRun(), freePort()]);
    const p = run('scripts/up.ts', {
      ...scratchEnv(db, ns, { HTTP_PORT: String(base), PLAYGROUND_PORT: String(playgroundPort) }),
      LOG_LEVEL: 'warn',
    });
    await p.waitForOutput(/Ops endpoints[^]*bot +http[^\n]*\n/, 90_000);
    const urls: Record<string, string> = Object.fromEntries(
      [...p.output().matchAll(/^ +(core|bot|scheduler) +(http:\S+)$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']),
    );
    expect(urls).toEqual({
      core: `http://127.0.0.1:${base}/readyz`,
      bot: `http://127.0.0.1:${base + 1}/readyz`,
      scheduler: `http://127.0.0.1:${base + 2}/readyz`,
    });
    for (const url of Object.values(urls)) expect((await fetch(url)).status, url).toBe(200);
    await p.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('pnpm start says what failed: a taken port is not blamed on RabbitMQ and MariaDB', async () => {
    const [port, playgroundPort] = await Promise.all([takenPort(), freePort()]);
    const p = run('scripts/up.ts', {
      ...scratchEnv(db, ns, { HTTP_PORT: String(port), PLAYGROUND_PORT: String(playgroundPort) }),
      LOG_LEVEL: 'warn',
    });
    expect(await exitCode(p, 90_000)).toBe(1);
    expect(p.output()).toContain(
      `core could not start: ops server on 127.0.0.1:${port} (HTTP_PORT): that port is already in use`,
    );
    expect(p.output()).not.toMatch(/RabbitMQ and MariaDB/);
  });
});

describe('readiness', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.create();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('core and the bot are not ready while they cannot consume, and consume again once their queues are back', async () => {
    const core = await stack.startCore();
    const bot = await stack.startBot();
    const ready = async (port: number) => (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
    await expect.poll(() => ready(core.httpPort)).toBe(200);
    await expect.poll(() => ready(bot.httpPort)).toBe(200);

    // Both queues deleted through a channel of the test's own, and impostors of another type declared in their place,
    // so neither service can declare its queue again until they go.
    const broker = await stack.broker();
    const ch = await broker.channel();
    const queues = [broker.topology.queues.core, broker.topology.queues.bot];
    for (const q of queues) {
      await ch.deleteQueue(q);
      await ch.assertQueue(q, { durable: false });
    }
    await expect.poll(() => ready(core.httpPort), { timeout: 15_000 }).toBe(503);
    await expect.poll(() => ready(bot.httpPort), { timeout: 15_000 }).toBe(503);

    for (const q of queues) await ch.deleteQueue(q);
    await ch.close();
    await expect.poll(() => ready(core.httpPort), { timeout: 15_000 }).toBe(200);
    await expect.poll(() => ready(bot.httpPort), { timeout: 15_000 }).toBe(200);

    // And the whole path works again: a message in, core's answer out through the bot.
    const posted = await stack.post(stack.seed.users.alice, stack.seed.channels.general, 'resubscribed++');
    const reply = await stack.replyTo(posted.id, 20_000);
    expect(reply.content).toContain('resubscribed');
  });
});
