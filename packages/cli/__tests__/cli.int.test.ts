import { startCore, type CoreApp } from '@guildhall/core/app';
import { CoreConfigSchema } from '@guildhall/core/config';
import { Broker, BrokerDeliveryLimit, envelope } from '@guildhall/events';
import { createLogger } from '@guildhall/runtime';
import {
  createScratchDatabase,
  createScratchNamespace,
  scratchEnv,
  startScript,
  type ScratchDatabase,
  type ScratchNamespace,
} from '@guildhall/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';

let db: ScratchDatabase;
let ns: ScratchNamespace;
let core: CoreApp;
let probe: Broker;
const log = createLogger('test', { level: 'silent' });
// Above 2^53: as a JavaScript number this id would lose its last digits.
const snowflake = '1234567890123456789';

beforeAll(async () => {
  [db, ns] = await Promise.all([createScratchDatabase('gh_cli'), createScratchNamespace('ghcli')]);
  core = await startCore(CoreConfigSchema.parse(scratchEnv(db, ns)), log);
  probe = await Broker.connect({ url: ns.amqpUrl, namespace: ns.namespace, logger: log, connectionName: 'cli-probe' });
});
afterAll(async () => {
  await probe?.close();
  await core?.stop();
  await ns?.drop();
  await db?.drop();
});

/** Runs the CLI's entry point (what `pnpm guildhall` runs) against the test's namespace. */
async function guildhall(...args: string[]): Promise<{ code: number | null; out: string; stdout: string }> {
  const p = startScript('packages/cli/src/bin.ts', { AMQP_URL: ns.amqpUrl, GUILDHALL_NAMESPACE: ns.namespace }, args);
  const code = await p.exited;
  return { code, out: p.output(), stdout: p.stdout() };
}

it('prints what the bot would say, one line per result', async () => {
  const { code, out } = await guildhall('send', '--user', 'alice', 'bob++');
  expect(code).toBe(0);
  expect(out).toMatch(/^→ gateway\.message\.created \S+$/m);
  expect(out).toMatch(/^← karma\.points\.changed: \*\*bob\*\* \+1 → 1$/m);
});

it('sends user options as snowflake strings and string options as typed, so /give reaches its member', async () => {
  expect((await guildhall('command', '--user', 'carol', '/daily')).code).toBe(0);
  const { code, out } = await guildhall('command', '--user', 'carol', `/give member:${snowflake} amount:10`);
  expect(code).toBe(0);
  expect(out).toMatch(/^← economy\.transfer\.completed: .+$/m);
  expect(out).not.toMatch(/command\.request\.rejected/);
});

it('prints the raw events with --json, interaction tokens masked', async () => {
  const { code, out, stdout } = await guildhall('command', '--json', '--user', 'carol', '/balance');
  expect(code).toBe(0);
  const events = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; payload: { replyTo: { token: string } } });
  expect(events.map((e) => e.type)).toEqual(['economy.balance.shown']);
  expect(events[0]?.payload.replyTo.token).toBe('[redacted]');
  expect(out).not.toMatch(/cli-\d{15,}/);
});

it('refuses an option that does not fit its definition, naming it, before sending anything', async () => {
  const { code, out } = await guildhall('command', '/karma top count:ten');
  expect(code).toBe(2);
  expect(out.trim()).toBe('option "count" of /karma top takes a whole number, got "ten"');
});

it('dlq replay sends a message the broker dead-lettered at its delivery limit back to core', async () => {
  const event = envelope('gateway.message.created', 1, {
    guildId: '1000000000000000001',
    channelId: '1000000000000000002',
    messageId: '1000000000000000003',
    botUserId: '1000000000000000009',
    author: { id: '1000000000000000005', displayName: 'dave', bot: false, roleIds: [], permissions: '0' },
    content: 'erin++',
    mentions: { users: [], roleIds: [], everyone: false },
  });
  // Stop core's consumer from taking it, so the test can run it into the delivery limit.
  await core.stop();
  await probe.publish('request', event);
  const ch = await probe.channel();
  for (let i = 0; i <= BrokerDeliveryLimit + 1; i++) {
    const msg = await ch.get(probe.topology.queues.core);
    if (!msg) break;
    ch.nack(msg, false, true);
  }
  await expect.poll(async () => (await ch.checkQueue(probe.topology.queues.dead)).messageCount).toBe(1);

  core = await startCore(CoreConfigSchema.parse(scratchEnv(db, ns)), log);
  const { code, out } = await guildhall('dlq', 'replay');
  expect(code).toBe(0);
  expect(out).toContain(
    `replayed ${event.id} to ${probe.topology.exchanges.requests} gateway.message.created (died: delivery_limit (broker))`,
  );
  expect(out).toContain('replayed 1, kept 0');
  await expect
    .poll(
      async () =>
        (await core.metrics.eventsHandled.get()).values.find((v) => v.labels.type === 'gateway.message.created')?.value,
    )
    .toBe(1);
  expect((await ch.checkQueue(probe.topology.queues.dead)).messageCount).toBe(0);
  await ch.close();
});
