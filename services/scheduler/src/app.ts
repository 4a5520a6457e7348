import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { isDatabaseReachable, openDatabase } from '@guildhall/db';
import { Broker } from '@guildhall/events';
import { boundPort, Shutdown, startOpsServer, type Logger } from '@guildhall/runtime';
import { JobClaimer } from './claimer.ts';
import type { SchedulerConfig } from './config.ts';
import { createSchedulerMetrics, type SchedulerMetrics } from './metrics.ts';

/** A running scheduler: what bin.ts and tests hold on to. */
export interface SchedulerApp {
  broker: Broker;
  metrics: SchedulerMetrics;
  claimer: JobClaimer;
  /** This replica's name in scheduled_jobs.claimed_by. */
  claimerId: string;
  /** Port of the ops server (/healthz, /readyz, /metrics). */
  httpPort: number;
  /** Graceful stop: finish the round in flight, then close everything. */
  stop: () => Promise<void>;
}

/**
 * Wires the scheduler: database (migrated), broker, the claimer polling for due jobs, and the ops server. Steps are
 * registered so stop() undoes them in reverse.
 */
export async function startScheduler(config: SchedulerConfig, log: Logger): Promise<SchedulerApp> {
  const metrics = createSchedulerMetrics();
  const steps = new Shutdown(log);

  const db = await openDatabase(config.DATABASE_URL, {
    poolSize: config.DB_POOL_SIZE,
    migrate: config.MIGRATE_ON_START,
  });
  steps.add('database', () => db.destroy());

  const claimerId = `scheduler@${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  const broker = await Broker.connect({
    url: config.AMQP_URL,
    logger: log,
    connectionName: claimerId,
    namespace: config.GUILDHALL_NAMESPACE,
    onDeadLetter: (reason) => metrics.deadLettered.inc({ reason }),
  });
  steps.add('broker', () => broker.close());

  const claimer = new JobClaimer(db, broker, log.child({ component: 'claimer' }), metrics, {
    claimer: claimerId,
    pollMs: config.SCHEDULER_POLL_MS,
    batch: config.SCHEDULER_BATCH,
    leaseMs: config.SCHEDULER_LEASE_MS,
    retainMs: config.SCHEDULER_RETAIN_DAYS * 86_400_000,
  });
  claimer.start();
  steps.add('claimer', () => claimer.stop());

  const server: Server = await startOpsServer(config.HTTP_PORT, config.HTTP_HOST, {
    registry: metrics.registry,
    ready: async () => !steps.stopping && broker.connected && (await isDatabaseReachable(db)),
  });
  steps.add('ops server', () => new Promise((resolve) => server.close(() => resolve())));
  log.info({ namespace: broker.topology.namespace, httpPort: boundPort(server), claimerId }, 'scheduler is running');

  return {
    broker,
    metrics,
    claimer,
    claimerId,
    httpPort: boundPort(server),
    stop: () => steps.run('stop'),
  };
}
