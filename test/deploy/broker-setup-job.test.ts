import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqp from 'amqplib';
import { ensureTopology, topology, type BrokerRole } from '@guildhall/events';
import { createScratchNamespace, testServices, type ScratchNamespace } from '@guildhall/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerDefinitions, brokerUserName, KubernetesRoles } from './broker-definitions.ts';
import { enableBrokerPlugins, k8sManifests, run } from './helpers.ts';

// The Kubernetes setup Job's own script (deploy/k8s/rabbitmq-setup.yaml), run as it is against this machine's
// RabbitMQ management API, with definitions generated for a scratch namespace and users named after it.
interface SetupJob {
  spec: {
    template: {
      spec: { containers: { command: string[]; args: string[]; env: { name: string; value?: string }[] }[] };
    };
  };
}

let ns: ScratchNamespace;
let work: string;
const passwords = new Map<BrokerRole, string>();
const userOf = (role: BrokerRole) => brokerUserName(`${ns.namespace}-`, role);

function amqpUrl(role: BrokerRole, user = userOf(role)): string {
  const url = new URL(ns.amqpUrl);
  url.username = user;
  url.password = passwords.get(role) ?? '';
  return url.toString();
}

/** Runs the Job's container command with the Job's own env values, overridden where this machine differs. */
async function runSetup(env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  const job = k8sManifests().find((m) => m.object.metadata.labels?.['app'] === 'guildhall-rabbitmq-setup')
    ?.object as unknown as SetupJob;
  const container = job.spec.template.spec.containers[0];
  if (!container) throw new Error('the setup Job has no container');
  const fixed = Object.fromEntries(container.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));
  const [shell, ...flags] = container.command;
  return run(shell ?? 'sh', [...flags, ...container.args], { env: { PATH: process.env['PATH'], ...fixed, ...env } });
}

beforeAll(async () => {
  await enableBrokerPlugins();
  ns = await createScratchNamespace('ghsetup');
  work = mkdtempSync(join(tmpdir(), 'ghsetup-'));
  for (const role of KubernetesRoles) passwords.set(role, randomBytes(24).toString('hex'));
  const definitions = brokerDefinitions(
    topology(ns.namespace),
    KubernetesRoles.map((role) => ({ name: userOf(role), role })),
  );
  writeFileSync(join(work, 'definitions.json'), JSON.stringify(definitions));
});

afterAll(async () => {
  for (const role of KubernetesRoles) await run('rabbitmqctl', ['delete_user', userOf(role)]).catch(() => undefined);
  await ns?.drop();
  rmSync(work, { recursive: true, force: true });
});

describe('the broker setup Job (deploy/k8s/rabbitmq-setup.yaml)', () => {
  it('creates each service user from its AMQP URL and imports topology and permissions', async () => {
    const admin = new URL((await testServices()).amqpUrl);
    const { stdout } = await runSetup({
      RABBITMQ_MANAGEMENT_URL: `http://${admin.hostname}:15672`,
      RABBITMQ_ADMIN_USER: decodeURIComponent(admin.username),
      RABBITMQ_ADMIN_PASSWORD: decodeURIComponent(admin.password),
      BROKER_USER_PREFIX: `${ns.namespace}-`,
      DEFINITIONS: join(work, 'definitions.json'),
      ...Object.fromEntries(KubernetesRoles.map((role) => [`${role.toUpperCase()}_AMQP_URL`, amqpUrl(role)])),
    });
    expect(stdout).toContain('topology and permissions imported');
    const t = topology(ns.namespace);
    for (const role of KubernetesRoles) {
      const conn = await amqp.connect(amqpUrl(role));
      conn.on('error', () => undefined);
      try {
        expect(await ensureTopology(conn, t), role).toBe('verified');
        if (role === 'core') continue;
        const ch = await conn.createChannel();
        const refused = new Promise<{ code: number }>((resolve) => ch.once('error', resolve));
        await ch.consume(t.queues.core, () => undefined).catch(() => undefined);
        expect(await refused, role).toMatchObject({ code: 403 });
      } finally {
        await conn.close().catch(() => undefined);
      }
    }
  });

  it('refuses a URL that names another user, saying which one it must name', async () => {
    const failed = runSetup({
      RABBITMQ_MANAGEMENT_URL: 'http://127.0.0.1:1',
      RABBITMQ_ADMIN_USER: 'x',
      RABBITMQ_ADMIN_PASSWORD: 'x',
      BROKER_USER_PREFIX: `${ns.namespace}-`,
      CORE_AMQP_URL: amqpUrl('core', 'guest'),
    });
    await expect(failed).rejects.toMatchObject({
      stderr: expect.stringContaining(`must name the user ${userOf('core')}`),
    });
  });
});
