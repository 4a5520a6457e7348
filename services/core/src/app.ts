import { hostname } from 'node:os';
import type { Server } from 'node:http';
import { isDatabaseReachable, isDatabaseUnavailable, openDatabase } from '@guildhall/db';
import { Broker, BrokerUnavailableError, type RequestEvent } from '@guildhall/events';
import { boundPort, Shutdown, startOpsServer, type Logger } from '@guildhall/runtime';
import type { CoreConfig } from './config.ts';
import { requestHandlers } from './handlers.ts';
import { createCoreMetrics, type CoreMetrics } from './metrics.ts';
import { Pipeline } from './pipeline.ts';
import { DefaultRelayOptions, OutboxRelay } from './relay.ts';

/** A running core: what bin.ts and tests hold on to. */
export interface CoreApp {
  broker: Broker;
  metrics: CoreMetrics;
  relay: OutboxRelay;
  /** Port of the ops server (/healthz, /readyz, /metrics). */
  httpPort: number;
  /** Graceful stop: stop consuming, finish in-flight batches, flush the relay, close everything. */
  stop: () => Promise<void>;
}

/**
 * Wires core: database (migrated), broker, the batch pipeline consuming requests, the outbox relay and the ops
 * server. Steps are registered so stop() undoes them in reverse.
 */
export async function startCore(config: CoreConfig, log: Logger): Promise<CoreApp> {
  const metrics = createCoreMetrics();
  const steps = new Shutdown(log);

  const db = await openDatabase(config.DATABASE_URL, {
    poolSize: config.DB_POOL_SIZE,
    migrate: config.MIGRATE_ON_START,
  });
  steps.add('database', () => db.destroy());

  const broker = await Broker.connect({
    url: config.AMQP_URL,
    logger: log,
    connectionName: `core@${hostname()}/${process.pid}`,
    namespace: config.GUILDHALL_NAMESPACE,
    onDeadLetter: (reason) => metrics.deadLettered.inc({ reason }),
  });
  steps.add('broker', () => broker.close());

  const relay = new OutboxRelay(db, broker, log.child({ component: 'relay' }), metrics, {
    ...DefaultRelayOptions,
    sweepEveryMs: config.OUTBOX_SWEEP_MS,
  });
  relay.start();
  steps.add('relay', () => relay.stop());

  const pipeline = new Pipeline(db, requestHandlers, log, metrics);
  const consumer = await broker.consume<RequestEvent>({
    queue: broker.topology.queues.core,
    direction: 'request',
    prefetch: config.CORE_PREFETCH,
    maxBatch: config.CORE_BATCH_SIZE,
    concurrency: config.CORE_CONCURRENCY,
    handle: async (batch) => relay.enqueue(await pipeline.apply(batch)),
    isTransient: (err) => isDatabaseUnavailable(err) || err instanceof BrokerUnavailableError,
  });
  steps.add('consumer', () => consumer.stop());

  const server: Server = await startOpsServer(config.HTTP_PORT, config.HTTP_HOST, {
    registry: metrics.registry,
    ready: async () => !steps.stopping && broker.connected && (await isDatabaseReachable(db)),
  });
  steps.add('ops server', () => new Promise((resolve) => server.close(() => resolve())));
  log.info({ namespace: broker.topology.namespace, httpPort: boundPort(server) }, 'core is consuming requests');

  return {
    broker,
    metrics,
    relay,
    httpPort: boundPort(server),
    stop: () => steps.run('stop'),
  };
}
