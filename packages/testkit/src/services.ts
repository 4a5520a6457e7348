import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import amqp from 'amqplib';
import { createConnection } from 'mysql2/promise';

/** URLs of the real services a test talks to. */
export interface TestServices {
  amqpUrl: string;
  /** Server URL without a database; tests create their own databases under it. */
  mysqlUrl: string;
}

const localAmqp = 'amqp://guest:guest@127.0.0.1:5672';
const localMysql = 'mysql://root@127.0.0.1:3306/';

function reachable(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

let resolved: Promise<TestServices> | undefined;

/**
 * Finds RabbitMQ and MySQL for tests: TEST_AMQP_URL / TEST_DATABASE_URL when set, else the local defaults when
 * they answer, else containers when a Docker engine is there, else an error saying how to start them.
 */
export function testServices(): Promise<TestServices> {
  resolved ??= resolveServices();
  return resolved;
}

async function resolveServices(): Promise<TestServices> {
  let amqpUrl = process.env['TEST_AMQP_URL'];
  let mysqlUrl = process.env['TEST_DATABASE_URL'];
  if (!amqpUrl && (await reachable('127.0.0.1', 5672))) amqpUrl = localAmqp;
  if (!mysqlUrl && (await reachable('127.0.0.1', 3306))) mysqlUrl = localMysql;
  if (!amqpUrl || !mysqlUrl) {
    const started = await startContainers(!amqpUrl, !mysqlUrl);
    amqpUrl ??= started.amqpUrl;
    mysqlUrl ??= started.mysqlUrl;
  }
  if (!amqpUrl || !mysqlUrl) {
    throw new Error(
      [
        'Tests need RabbitMQ and MySQL/MariaDB, and neither the environment nor the local defaults nor Docker gave them.',
        `  RabbitMQ: ${amqpUrl ?? 'missing'} — set TEST_AMQP_URL, or start one: rabbitmq-server -detached`,
        `  MySQL:    ${mysqlUrl ?? 'missing'} — set TEST_DATABASE_URL, or start one:`,
        '            start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd',
      ].join('\n'),
    );
  }
  return { amqpUrl, mysqlUrl: withoutDatabase(mysqlUrl) };
}

async function dockerAvailable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startContainers(rabbit: boolean, mysql: boolean): Promise<Partial<TestServices>> {
  if (!(await dockerAvailable())) return {};
  const out: Partial<TestServices> = {};
  if (rabbit) {
    const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
    const c = await new RabbitMQContainer('rabbitmq:3.13-management').start();
    out.amqpUrl = c.getAmqpUrl();
  }
  if (mysql) {
    const { MySqlContainer } = await import('@testcontainers/mysql');
    const c = await new MySqlContainer('mysql:8.4').withRootPassword('root').start();
    out.mysqlUrl = `mysql://root:root@${c.getHost()}:${c.getPort()}/`;
  }
  return out;
}

function withoutDatabase(url: string): string {
  const u = new URL(url);
  u.pathname = '/';
  return u.toString();
}

/** A short random name part, safe in database and exchange names. */
export function uniqueSuffix(): string {
  return randomBytes(5).toString('hex');
}

/** A database of its own for one test file: its URL, and a function that drops it. */
export interface ScratchDatabase {
  url: string;
  name: string;
  drop: () => Promise<void>;
}

/** Creates an empty database with a unique name. */
export async function createScratchDatabase(prefix = 'gh_test'): Promise<ScratchDatabase> {
  const { mysqlUrl } = await testServices();
  const name = `${prefix}_${uniqueSuffix()}`;
  const conn = await createConnection({ uri: mysqlUrl });
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await conn.end();
  const url = new URL(mysqlUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = await createConnection({ uri: mysqlUrl });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/** A broker namespace of its own for one test file, and a function that deletes its queues and exchanges. */
export interface ScratchNamespace {
  namespace: string;
  amqpUrl: string;
  drop: () => Promise<void>;
}

/** Reserves a unique namespace; the services under test declare its topology themselves. */
export async function createScratchNamespace(prefix = 'ghtest'): Promise<ScratchNamespace> {
  const { amqpUrl } = await testServices();
  const namespace = `${prefix}-${uniqueSuffix()}`;
  return {
    namespace,
    amqpUrl,
    drop: async () => {
      const conn = await amqp.connect(amqpUrl);
      const ch = await conn.createChannel();
      for (const q of ['core.requests', 'bot.results', 'dead-letter']) await ch.deleteQueue(`${namespace}.${q}`);
      for (const e of ['requests', 'results', 'dead']) await ch.deleteExchange(`${namespace}.${e}`);
      await conn.close();
    },
  };
}

/**
 * The environment every service under test shares: the scratch database and broker namespace, and its ops server on
 * a free loopback port. Services ignore the variables that are not theirs.
 */
export function scratchEnv(
  db: ScratchDatabase,
  ns: ScratchNamespace,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    AMQP_URL: ns.amqpUrl,
    DATABASE_URL: db.url,
    GUILDHALL_NAMESPACE: ns.namespace,
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    ...overrides,
  };
}
