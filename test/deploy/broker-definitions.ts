/**
 * RabbitMQ definitions for a Guildhall deployment (ADR 8), built from the topology and the per-service permissions
 * in @guildhall/events, so the files in deploy/ cannot drift from what the services declare and check.
 *
 *   pnpm exec tsx test/deploy/broker-definitions.ts write            # regenerates the two files below
 *   pnpm exec tsx test/deploy/broker-definitions.ts hash PASSWORD    # a password_hash for definitions.json
 *
 * - deploy/rabbitmq/definitions.json: loaded by RabbitMQ at boot in docker compose; users with the compose file's
 *   development passwords (change them for anything reachable: `hash`, then edit both files).
 * - deploy/k8s/rabbitmq-definitions.yaml: the same topology and permissions without users, for the setup Job,
 *   which creates the users with passwords from the Secret.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  brokerPermissions,
  brokerTopicPermissions,
  topology,
  topologyDeclarations,
  type BrokerRole,
  type Topology,
} from '@guildhall/events';
import { format, resolveConfig } from 'prettier';
import { stringify } from 'yaml';

/** A broker user in a definitions file. */
export interface DefinitionsUser {
  name: string;
  /** A service's role (its permissions), or `admin`: everything, and the management UI. */
  role: BrokerRole | 'admin';
  /** RabbitMQ's salted SHA-256 (see hashPassword); without it the user is left out and only permissions appear. */
  passwordHash?: string;
}

/** RabbitMQ's definitions document: what `load_definitions`, `import_definitions` and `POST /api/definitions` take. */
export interface Definitions {
  users?: { name: string; password_hash: string; hashing_algorithm: string; tags: string[] }[];
  vhosts: { name: string }[];
  permissions: { user: string; vhost: string; configure: string; write: string; read: string }[];
  topic_permissions: { user: string; vhost: string; exchange: string; write: string; read: string }[];
  exchanges: {
    name: string;
    vhost: string;
    type: string;
    durable: boolean;
    auto_delete: boolean;
    internal: boolean;
    arguments: Record<string, never>;
  }[];
  queues: {
    name: string;
    vhost: string;
    durable: boolean;
    auto_delete: boolean;
    arguments: Record<string, string | number>;
  }[];
  bindings: {
    source: string;
    vhost: string;
    destination: string;
    destination_type: 'queue';
    routing_key: string;
    arguments: Record<string, never>;
  }[];
}

/** The user name of a service's broker user: `<prefix><role>`, e.g. guildhall-core. */
export function brokerUserName(prefix: string, role: BrokerRole | 'admin'): string {
  return `${prefix}${role}`;
}

/**
 * RabbitMQ's `rabbit_password_hashing_sha256`: base64(salt ‖ SHA-256(salt ‖ password)) with a 4-byte salt
 * (what `rabbitmqctl hash_password` prints on RabbitMQ 3.11 and later).
 */
export function hashPassword(password: string, salt: Buffer = randomBytes(4)): string {
  const digest = createHash('sha256').update(salt).update(password, 'utf8').digest();
  return Buffer.concat([salt, digest]).toString('base64');
}

/** The definitions of one namespace's topology, its users' permissions on `vhost`, and the users given a hash. */
export function brokerDefinitions(t: Topology, users: DefinitionsUser[], vhost = '/'): Definitions {
  const permissions = brokerPermissions(t);
  const topicPermissions = brokerTopicPermissions(t);
  const all = { configure: '.*', write: '.*', read: '.*' };
  const { exchanges, queues, bindings } = topologyDeclarations(t);
  const withHash = users.filter((u) => u.passwordHash !== undefined);
  return {
    ...(withHash.length > 0 && {
      users: withHash.map((u) => ({
        name: u.name,
        password_hash: u.passwordHash ?? '',
        hashing_algorithm: 'rabbit_password_hashing_sha256',
        tags: u.role === 'admin' ? ['administrator'] : [],
      })),
    }),
    vhosts: [{ name: vhost }],
    permissions: users.map((u) => ({ user: u.name, vhost, ...(u.role === 'admin' ? all : permissions[u.role]) })),
    topic_permissions: users.flatMap((u) =>
      u.role === 'admin' ? [] : (topicPermissions[u.role] ?? []).map((p) => ({ user: u.name, vhost, ...p })),
    ),
    exchanges: exchanges.map((e) => ({
      name: e.name,
      vhost,
      type: e.type,
      durable: true,
      auto_delete: false,
      internal: false,
      arguments: {},
    })),
    queues: queues.map((q) => ({ name: q.name, vhost, durable: true, auto_delete: false, arguments: q.arguments })),
    bindings: bindings.map((b) => ({
      source: b.exchange,
      vhost,
      destination: b.queue,
      destination_type: 'queue',
      routing_key: b.pattern,
      arguments: {},
    })),
  };
}

/** The development passwords docker-compose.yml puts in each service's AMQP_URL. */
export const ComposePasswords: Record<'admin' | 'core' | 'bot' | 'scheduler' | 'web', string> = {
  admin: 'admin-dev-password',
  core: 'core-dev-password',
  bot: 'bot-dev-password',
  scheduler: 'scheduler-dev-password',
  web: 'web-dev-password',
};

/** The users of the compose file's definitions: the four services and an administrator for the management UI. */
export function composeDefinitions(): Definitions {
  const users = (Object.keys(ComposePasswords) as (keyof typeof ComposePasswords)[]).map((role) => {
    const name = brokerUserName('guildhall-', role);
    // A salt derived from the name keeps the committed file stable between runs; these passwords are public anyway.
    const salt = createHash('sha256').update(name).digest().subarray(0, 4);
    return { name, role, passwordHash: hashPassword(ComposePasswords[role], salt) };
  });
  return brokerDefinitions(topology(), users);
}

/** The roles the Kubernetes setup Job creates users for (KEDA's autoscaler included). */
export const KubernetesRoles: BrokerRole[] = ['core', 'bot', 'scheduler', 'web', 'autoscaler'];

/** The ConfigMap the Kubernetes setup Job posts to RabbitMQ's management API. */
export function kubernetesDefinitionsConfigMap(): string {
  const definitions = brokerDefinitions(
    topology(),
    KubernetesRoles.map((role) => ({ name: brokerUserName('guildhall-', role), role })),
  );
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'guildhall-rabbitmq-definitions', labels: { 'app.kubernetes.io/part-of': 'guildhall' } },
    data: { 'definitions.json': `${JSON.stringify(definitions, null, 2)}\n` },
  };
  return `${GeneratedHeader}${stringify(configMap, { lineWidth: 0 })}`;
}

/** The first line of every generated file. */
export const GeneratedHeader = '# Generated by test/deploy/broker-definitions.ts (write); do not edit by hand.\n';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Where the generated files live, relative to the repository root, with their content as prettier formats it. */
export async function generatedFiles(): Promise<{ path: string; content: string }[]> {
  const files = [
    { path: 'deploy/rabbitmq/definitions.json', content: JSON.stringify(composeDefinitions()) },
    { path: 'deploy/k8s/rabbitmq-definitions.yaml', content: kubernetesDefinitionsConfigMap() },
  ];
  return Promise.all(
    files.map(async (f) => {
      const options = await resolveConfig(`${root}${f.path}`);
      return { path: f.path, content: await format(f.content, { ...options, filepath: `${root}${f.path}` }) };
    }),
  );
}

/** The generated files whose content on disk differs from what the code gives. */
export async function staleFiles(): Promise<string[]> {
  return (await generatedFiles())
    .filter((f) => {
      try {
        return readFileSync(`${root}${f.path}`, 'utf8') !== f.content;
      } catch {
        return true;
      }
    })
    .map((f) => f.path);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [verb, arg] = process.argv.slice(2);
  if (verb === 'write') {
    for (const f of await generatedFiles()) writeFileSync(`${root}${f.path}`, f.content);
  } else if (verb === 'hash' && arg) {
    console.log(hashPassword(arg));
  } else {
    console.error('usage: broker-definitions.ts write | hash PASSWORD');
    process.exitCode = 2;
  }
}
