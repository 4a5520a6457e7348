import { hostname } from 'node:os';
import { isDatabaseReachable, isDatabaseUnavailable, openDatabase } from '@guildhall/db';
import { Broker, BrokerUnavailableError, type RequestEvent } from '@guildhall/events';
import { redactSecrets, startService, type Logger, type RunningService } from '@guildhall/runtime';
import type { CoreConfig } from './config.ts';
import { requestHandlers } from './handlers.ts';
import { createCoreMetrics, type CoreMetrics } from './metrics.ts';
import { Pipeline } from './pipeline.ts';
import { DefaultRelayOptions, OutboxRelay } from './relay.ts';

/** A running core: what bin.ts and tests hold on to. */
export interface CoreApp extends RunningService {
  broker: Broker;
  metrics: CoreMetrics;
  relay: OutboxRelay;
}

/**
 * Wires core: the ops server (first, not ready until the rest is up), the database (migrated), the broker, the
 * outbox relay and the batch pipeline consuming requests. stop() undoes the steps in reverse: stop consuming,
 * finish in-flight batches, flush the relay, close everything.
 */
export function startCore(config: CoreConfig, log: Logger): Promise<CoreApp> {
  const metrics = createCoreMetrics();
  return startService({ ...config, log, registry: metrics.registry }, async (service) => {
    const db = await service.step(
      `MySQL/MariaDB at ${redactSecrets(config.DATABASE_URL)}`,
      () => openDatabase(config.DATABASE_URL, { poolSize: config.DB_POOL_SIZE, migrate: config.MIGRATE_ON_START }),
      (db) => db.destroy(),
    );
    const broker = await Broker.forService(service, config, {
      connectionName: `core@${hostname()}/${process.pid}`,
      onDeadLetter: (reason) => metrics.deadLettered.inc({ reason }),
    });
    const relay = await service.step(
      'outbox relay',
      () => {
        const relay = new OutboxRelay(db, broker, log.child({ component: 'relay' }), metrics, {
          ...DefaultRelayOptions,
          sweepEveryMs: config.OUTBOX_SWEEP_MS,
        });
        relay.start();
        return relay;
      },
      (relay) => relay.stop(),
    );
    const pipeline = new Pipeline(db, requestHandlers, log, metrics);
    const consumer = await service.step(
      'request consumer',
      () =>
        broker.consume<RequestEvent>({
          queue: broker.topology.queues.core,
          direction: 'request',
          prefetch: config.CORE_PREFETCH,
          maxBatch: config.CORE_BATCH_SIZE,
          concurrency: config.CORE_CONCURRENCY,
          handle: async (batch, reject) => {
            const { rows, rejected } = await pipeline.apply(batch);
            relay.enqueue(rows);
            rejected.forEach(reject);
          },
          isTransient: (err) => isDatabaseUnavailable(err) || err instanceof BrokerUnavailableError,
        }),
      (consumer) => consumer.stop(),
    );
    service.readyWhen(() => consumer.consuming);
    service.readyWhen(() => isDatabaseReachable(db));
    log.info({ namespace: broker.topology.namespace }, 'core is consuming requests');
    return { broker, metrics, relay };
  });
}
