import { mkdir, writeFile } from 'node:fs/promises';
import { startCore } from '@guildhall/core/app';
import { CoreConfigSchema } from '@guildhall/core/config';
import { createDatabase, migrateToLatest } from '@guildhall/db';
import { Broker, envelope, type MessageCreated } from '@guildhall/events';
import { createScratchDatabase, createScratchNamespace, testServices } from '@guildhall/testkit';
import { brokerFloor, databaseFloor } from './floors.ts';
import { benchLog, percentile, until, type BenchRow } from './lib.ts';
import { startNaiveConsumer, startNaiveFeatureConsumer } from './naive.ts';
import { fillOldRows, keepPruning } from './pruning.ts';
import { benchTransfers } from './transfers.ts';

// `pnpm bench`: the raw floors, naive reference consumers and core itself, measured in one run, printed as
// ratios and written as JSON. Scale with BENCH_SCALE (1 = the default sizes).

const scale = Number(process.env['BENCH_SCALE'] ?? 1);
const sizes = {
  broker: Math.round(30_000 * scale),
  db: Math.round(10_000 * scale),
  saturation: Math.round(10_000 * scale),
  latencySeconds: Math.max(3, Math.round(10 * scale)),
  transfers: Math.round(3_000 * scale),
  oldRows: Math.round(200_000 * scale),
};
const offeredRate = 500;

const scratch = await createScratchDatabase('gh_bench');
const ns = await createScratchNamespace('ghbench');
const broker = await Broker.connect({
  url: ns.amqpUrl,
  namespace: ns.namespace,
  logger: benchLog,
  connectionName: 'bench',
});
const db = createDatabase(scratch.url, { poolSize: 16 });
await migrateToLatest(db);

// Arrival time of each request's result, by request id, taken where the bot takes results: from its queue. (A
// second queue for the bench would double the broker's work per result, and leave the bot's queue to pile up.)
const arrivals = new Map<string, number>();
const probe = await broker.channel();
await probe.consume(
  broker.topology.queues.bot,
  (msg) => {
    if (!msg) return;
    const { causationId } = JSON.parse(msg.content.toString()) as { causationId: string };
    arrivals.set(causationId, performance.now());
  },
  { noAck: true },
);

let giver = 500_000_000_000_000_000n;
function request(): MessageCreated {
  giver++;
  return envelope('gateway.message.created', 1, {
    guildId: '1',
    channelId: '2',
    messageId: String(giver),
    botUserId: '3',
    author: { id: String(giver), displayName: 'bench', bot: false, roleIds: [], permissions: '0' },
    content: `k${Number(giver % 100n)}++`,
    mentions: { users: [], roleIds: [], everyone: false },
  });
}

async function preload(n: number): Promise<MessageCreated[]> {
  const events = Array.from({ length: n }, request);
  for (let i = 0; i < events.length; i += 1000)
    await Promise.all(events.slice(i, i + 1000).map((e) => broker.publish('request', e)));
  return events;
}

async function saturated(
  start: () => Promise<() => Promise<void>>,
): Promise<{ rate: number; stop: () => Promise<void> }> {
  const events = await preload(sizes.saturation);
  const started = performance.now();
  const stop = await start();
  await until(() => events.every((e) => arrivals.has(e.id)), 300_000, 'saturation results');
  const last = Math.max(...events.map((e) => arrivals.get(e.id) ?? 0));
  return { rate: events.length / ((last - started) / 1000), stop };
}

async function latencyAt(rate: number, seconds: number): Promise<{ p50: number; p99: number; max: number }> {
  const sent = new Map<string, number>();
  const total = rate * seconds;
  const tickMs = 10;
  const perTick = (rate * tickMs) / 1000;
  const begin = performance.now();
  let published = 0;
  while (published < total) {
    const due = Math.min(total, Math.floor(((performance.now() - begin) / 1000) * rate) + perTick);
    for (; published < due; published++) {
      const e = request();
      sent.set(e.id, performance.now());
      void broker.publish('request', e);
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  await until(() => [...sent.keys()].every((id) => arrivals.has(id)), 60_000, 'latency results');
  const latencies = [...sent].map(([id, at]) => (arrivals.get(id) ?? 0) - at);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) };
}

const rows: BenchRow[] = [];
const log = (msg: string) => console.error(`· ${msg}`);

log(`broker floor: ${sizes.broker} persistent confirmed messages`);
const brokerRate = await brokerFloor(ns.amqpUrl, `${ns.namespace}.floor`, sizes.broker);
rows.push({ name: 'broker floor', unit: 'msg/s', value: brokerRate });

log(`database floor: ${sizes.db} karma transactions, 16 in flight`);
const dbRate = await databaseFloor(scratch.url, sizes.db);
rows.push({ name: 'database floor', unit: 'tx/s', value: dbRate });

log(`naive reference: ${sizes.saturation} preloaded events`);
const naive = await saturated(() => startNaiveConsumer(broker, db, 32));
rows.push({ name: 'naive consumer (karma only), saturated', unit: 'events/s', value: naive.rate });
log(`naive reference: ${offeredRate} events/s for ${sizes.latencySeconds} s`);
const naiveLatency = await latencyAt(offeredRate, sizes.latencySeconds);
await naive.stop();
rows.push({ name: `naive consumer p50 @ ${offeredRate}/s`, unit: 'ms', value: naiveLatency.p50 });
rows.push({ name: `naive consumer p99 @ ${offeredRate}/s`, unit: 'ms', value: naiveLatency.p99 });

log(`naive reference with every message feature: ${sizes.saturation} preloaded events`);
const naiveFeatures = await saturated(() => startNaiveFeatureConsumer(broker, db, 32));
await naiveFeatures.stop();
rows.push({ name: 'naive consumer with core’s features, saturated', unit: 'events/s', value: naiveFeatures.rate });

log(`core: ${sizes.saturation} preloaded events`);
// CORE_* variables in the environment tune core as they would in production.
const coreConfig = CoreConfigSchema.parse({
  ...process.env,
  AMQP_URL: ns.amqpUrl,
  DATABASE_URL: scratch.url,
  GUILDHALL_NAMESPACE: ns.namespace,
  HTTP_PORT: '0',
  HTTP_HOST: '127.0.0.1',
});
let core: Awaited<ReturnType<typeof startCore>> | undefined;
const coreRun = await saturated(async () => {
  core = await startCore(coreConfig, benchLog);
  return () => core?.stop() ?? Promise.resolve();
});
rows.push({ name: 'core, saturated', unit: 'events/s', value: coreRun.rate });
// Old rows first, so that both latency runs below (without and with the pruner) see the same tables.
log(`old rows: ${sizes.oldRows} inbox rows and as many karma cooldowns past their retention`);
await fillOldRows(db, sizes.oldRows);
log(`core: ${offeredRate} events/s for ${sizes.latencySeconds} s`);
const coreLatency = await latencyAt(offeredRate, sizes.latencySeconds);
rows.push({ name: `core p50 @ ${offeredRate}/s`, unit: 'ms', value: coreLatency.p50 });
rows.push({ name: `core p99 @ ${offeredRate}/s`, unit: 'ms', value: coreLatency.p99 });
log(`core while the pruner deletes them: ${offeredRate} events/s for ${sizes.latencySeconds} s`);
const stopPruning = keepPruning(db);
const pruningLatency = await latencyAt(offeredRate, sizes.latencySeconds);
const pruned = await stopPruning();
rows.push({ name: `core p50 @ ${offeredRate}/s while pruning`, unit: 'ms', value: pruningLatency.p50 });
rows.push({ name: `core p99 @ ${offeredRate}/s while pruning`, unit: 'ms', value: pruningLatency.p99 });
rows.push({ name: 'rows pruned meanwhile', unit: 'rows', value: pruned });
await coreRun.stop();

log(`transfers: the raw ordered-lock floor and ${sizes.transfers} /give through core`);
const transferRows = await benchTransfers({ ...(await testServices()), transfers: sizes.transfers });
rows.push(...transferRows.filter((r) => r.unit !== '×'));
const transferRatio = transferRows.find((r) => r.unit === '×')?.value ?? NaN;

const ratios = {
  coreVsNaive: coreRun.rate / naive.rate,
  coreVsNaiveFeatures: coreRun.rate / naiveFeatures.rate,
  coreVsBrokerFloor: coreRun.rate / brokerRate,
  coreVsDatabaseFloor: coreRun.rate / dbRate,
  naiveVsDatabaseFloor: naive.rate / dbRate,
  transfersVsFloor: transferRatio,
};
const bars = { coreVsNaiveAtLeast: 2, coreP99AtMostMs: 25 };
const pass = ratios.coreVsNaive >= bars.coreVsNaiveAtLeast && coreLatency.p99 <= bars.coreP99AtMostMs;

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
console.log('\n| measurement | value | unit |\n|---|---:|---|');
for (const r of rows) console.log(`| ${r.name} | ${fmt(r.value)} | ${r.unit} |`);
console.log('\n| ratio | value | bar |\n|---|---:|---|');
console.log(
  `| core / naive, karma only (saturated) | ${ratios.coreVsNaive.toFixed(2)}× | ≥ ${bars.coreVsNaiveAtLeast}× |`,
);
console.log(`| core / naive with core’s features (saturated) | ${ratios.coreVsNaiveFeatures.toFixed(2)}× | |`);
console.log(`| core / broker floor | ${ratios.coreVsBrokerFloor.toFixed(2)}× | |`);
console.log(`| core / database floor | ${ratios.coreVsDatabaseFloor.toFixed(2)}× | |`);
console.log(`| naive / database floor | ${ratios.naiveVsDatabaseFloor.toFixed(2)}× | |`);
console.log(`| core p99 @ ${offeredRate}/s | ${coreLatency.p99.toFixed(2)} ms | ≤ ${bars.coreP99AtMostMs} ms |`);
console.log(
  `| core p99 @ ${offeredRate}/s while pruning / without | ${(pruningLatency.p99 / coreLatency.p99).toFixed(2)}× | |`,
);
console.log(`| /give through core / transfer floor | ${ratios.transfersVsFloor.toFixed(2)}× | |`);
console.log(`\n${pass ? 'PASS' : 'MISS'}: core ${pass ? 'meets' : 'misses'} the bars in this run.`);

const report = {
  at: new Date().toISOString(),
  sizes,
  rows,
  ratios,
  bars,
  pass,
  latency: { core: coreLatency, corePruning: pruningLatency, naive: naiveLatency },
};
await mkdir('.bench', { recursive: true });
await writeFile('.bench/latest.json', `${JSON.stringify(report, null, 2)}\n`);
await writeFile(`.bench/run-${report.at.replace(/[:.]/g, '-')}.json`, `${JSON.stringify(report, null, 2)}\n`);
console.log('wrote .bench/latest.json');

await probe.close();
await broker.close();
await db.destroy();
await ns.drop();
await scratch.drop();
