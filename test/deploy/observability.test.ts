import type { BotApp } from '@guildhall/bot/app';
import { startRestProxy, type RestProxyApp } from '@guildhall/bot/rest-proxy';
import { RestProxyConfigSchema } from '@guildhall/bot/rest-proxy/config';
import type { CoreApp } from '@guildhall/core/app';
import { topology } from '@guildhall/events';
import type { SchedulerApp } from '@guildhall/scheduler/app';
import { testServices } from '@guildhall/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Stack } from '../harness/stack.ts';
import { enableBrokerPlugins, repoFile } from './helpers.ts';
import { exposedNames, selectedMetrics, type Selected } from './promql.ts';

// The dashboard and the alerts query only metrics that exist: every name is checked against the /metrics of
// core, the scheduler, the bot and the REST proxy running against the emulator, against the local RabbitMQ's own Prometheus
// endpoint (the per-queue /metrics/detailed families the PodMonitor's note says to scrape), or, for
// kube-state-metrics, against its documented stable pod metrics.
const kubeStateMetrics = new Set([
  // kube-state-metrics docs/metrics/workload/pod-metrics.md: STABLE, labels container, namespace, pod, uid.
  'kube_pod_container_status_ready',
]);
const rabbitFamilies = 'family=queue_coarse_metrics&family=queue_consumer_count';

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  annotations: { summary: string };
}
interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
}

const dashboard = JSON.parse(repoFile('deploy/grafana/guildhall.json')) as { uid: string; panels: Panel[] };
const rules = (
  parse(repoFile('deploy/k8s/monitoring/prometheus-rule.yaml')) as { spec: { groups: { rules: Rule[] }[] } }
).spec.groups.flatMap((g) => g.rules);
const queries = [
  ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ where: `panel "${p.title}"`, expr: t.expr }))),
  ...rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr })),
];

let stack: Stack;
const apps: { core?: CoreApp; scheduler?: SchedulerApp; bot?: BotApp; 'rest-proxy'?: RestProxyApp } = {};
const exposed = new Map<string, Set<string>>();

beforeAll(async () => {
  stack = await Stack.create();
  apps.core = await stack.startCore();
  apps.scheduler = await stack.startScheduler();
  apps.bot = await stack.startBot();
  apps['rest-proxy'] = await startRestProxy(
    RestProxyConfigSchema.parse({ DISCORD_API_BASE: stack.emu.apiBase, PROXY_PORT: '0', HTTP_PORT: '0' }),
    stack.log,
  );
  for (const [name, app] of Object.entries(apps)) {
    const res = await fetch(`http://127.0.0.1:${app.httpPort}/metrics`);
    exposed.set(name, exposedNames(await res.text()));
  }
  await enableBrokerPlugins();
  const host = new URL((await testServices()).amqpUrl).hostname;
  const rabbit = await fetch(`http://${host}:15692/metrics/detailed?${rabbitFamilies}`);
  expect(rabbit.ok).toBe(true);
  exposed.set('rabbitmq', exposedNames(await rabbit.text()));
  exposed.set('kube-state-metrics', kubeStateMetrics);
});

afterAll(async () => {
  await apps['rest-proxy']?.stop();
  await stack?.close();
});

function source(metric: string): string | undefined {
  return [...exposed].find(([, names]) => names.has(metric))?.[0];
}

describe('dashboard and alerts (deploy/grafana, deploy/k8s/monitoring)', () => {
  it('every expression parses and every metric it selects is exposed by a service, RabbitMQ or kube-state-metrics', () => {
    expect(queries.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const q of queries) {
      for (const s of selectedMetrics(q.expr)) if (!source(s.metric)) missing.push(`${q.where}: ${s.metric}`);
    }
    expect(missing).toEqual([]);
    // Each source is really used, so a scrape that returned nothing could not pass unnoticed.
    const used = new Set(queries.flatMap((q) => selectedMetrics(q.expr).map((s) => source(s.metric))));
    expect([...used].sort()).toEqual(['bot', 'core', 'kube-state-metrics', 'rabbitmq', 'rest-proxy', 'scheduler']);
  });

  it('labels matched on Guildhall metrics are labels those metrics have, and queue names are the topology’s', async () => {
    const registries = [
      apps.core?.metrics.registry,
      apps.scheduler?.metrics.registry,
      apps.bot?.metrics.registry,
      apps['rest-proxy']?.metrics.registry,
    ];
    const labelsOf = (metric: string): string[] | undefined => {
      const family = metric.replace(/_(bucket|sum|count)$/, '');
      for (const r of registries) {
        const m = r?.getSingleMetric(metric) ?? r?.getSingleMetric(family);
        if (m)
          return [
            ...((m as unknown as { labelNames: string[] }).labelNames ?? []),
            ...(family !== metric ? ['le'] : []),
          ];
      }
      return undefined;
    };
    // Added by the scrape (PodMonitor / kubernetes_sd), not by the services.
    const scrapeLabels = new Set(['pod', 'namespace', 'container', 'job', 'instance']);
    const queues = Object.values(topology().queues);
    const wrong: string[] = [];
    const check = (where: string, s: Selected) => {
      const own = s.metric.startsWith('guildhall_') ? labelsOf(s.metric) : undefined;
      for (const l of s.labels) {
        if (own && !own.includes(l.name) && !scrapeLabels.has(l.name))
          wrong.push(`${where}: ${s.metric} has no ${l.name}`);
        if (l.name !== 'queue') continue;
        const matches =
          l.op === '=~'
            ? queues.filter((q) => new RegExp(`^(?:${l.value})$`).test(q))
            : queues.filter((q) => q === l.value);
        if (matches.length === 0) wrong.push(`${where}: queue ${l.op} "${l.value}" matches no Guildhall queue`);
      }
    };
    for (const q of queries) for (const s of selectedMetrics(q.expr)) check(q.where, s);
    expect(wrong).toEqual([]);
  });

  it('the alerts the issue names exist, each with a summary', () => {
    expect(rules.map((r) => r.alert).sort()).toEqual(
      [
        'GuildhallConsumerNotReady',
        'GuildhallDeadLetterQueueGrowing',
        'GuildhallDeadLettersGrowing',
        'GuildhallDiscordRateLimited',
        'GuildhallOutboxLag',
        'GuildhallQueueWithoutConsumer',
        'GuildhallRequestsBacklog',
        'GuildhallSchedulerLag',
      ].sort(),
    );
    for (const r of rules) expect(r.annotations.summary, r.alert).toMatch(/\S/);
  });

  it('the dashboard has a stable uid and a panel per query group', () => {
    expect(dashboard.uid).toBe('guildhall');
    const titles = dashboard.panels.filter((p) => p.type === 'timeseries').map((p) => p.title);
    expect(new Set(titles).size).toBe(titles.length);
  });
});
