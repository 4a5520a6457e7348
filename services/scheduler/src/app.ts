import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isDatabaseReachable, openDatabase } from '@guildhall/db';
import { Broker } from '@guildhall/events';
import { redactSecrets, startService, type Logger, type RunningService } from '@guildhall/runtime';
import { JobClaimer } from './claimer.ts';
import { DefaultPrunerOptions, Pruner } from './pruner.ts';
import type { SchedulerConfig } from './config.ts';
import { createSchedulerMetrics, type SchedulerMetrics } from './metrics.ts';

/** A running scheduler: what bin.ts and tests hold on to. */
export interface SchedulerApp extends RunningService {
  broker: Broker;
  metrics: SchedulerMetrics;
  claimer: JobClaimer;
  /** This replica's name in scheduled_jobs.claimed_by. */
  claimerId: string;
}

/**
 * Wires the scheduler: the ops server (first, not ready until the rest is up), the database (migrated), the
 * broker and the claimer polling for due jobs. stop() finishes the round in flight, then closes everything.
 */
export function startScheduler(config: SchedulerConfig, log: Logger): Promise<SchedulerApp> {
  const metrics = createSchedulerMetrics();
  return startService({ ...config, log, registry: metrics.registry }, async (service) => {
    const db = await service.step(
      `MySQL/MariaDB at ${redactSecrets(config.DATABASE_URL)}`,
      () => openDatabase(config.DATABASE_URL, { poolSize: config.DB_POOL_SIZE, migrate: config.MIGRATE_ON_START }),
      (db) => db.destroy(),
    );
    const claimerId = `scheduler@${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
    const broker = await Broker.forService(service, config, {
      connectionName: claimerId,
      onDeadLetter: (reason) => metrics.deadLettered.inc({ reason }),
    });
    const claimer = await service.step(
      'claimer',
      () => {
        const claimer = new JobClaimer(db, broker, log.child({ component: 'claimer' }), metrics, {
          claimer: claimerId,
          pollMs: config.SCHEDULER_POLL_MS,
          batch: config.SCHEDULER_BATCH,
          leaseMs: config.SCHEDULER_LEASE_MS,
          retainMs: config.SCHEDULER_RETAIN_DAYS * 86_400_000,
        });
        claimer.start();
        return claimer;
      },
      (claimer) => claimer.stop(),
    );
    await service.step(
      'pruner',
      () => {
        const pruner = new Pruner(db, log.child({ component: 'pruner' }), metrics, {
          ...DefaultPrunerOptions,
          inboxRetainMs: config.INBOX_RETAIN_DAYS * 86_400_000,
        });
        pruner.start();
        return pruner;
      },
      (pruner) => pruner.stop(),
    );
    // The scheduler only publishes: it is ready while it can reach both the broker and the database.
    service.readyWhen(() => broker.connected);
    service.readyWhen(() => isDatabaseReachable(db));
    log.info({ namespace: broker.topology.namespace, claimerId }, 'scheduler is running');
    return { broker, metrics, claimer, claimerId };
  });
}
