import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { createDatabase, ensureDatabaseExists, migrateToLatest } from '@guildhall/db';
import { Broker } from '@guildhall/events';
import { boundPort, startOpsServer, type Logger } from '@guildhall/runtime';
import { sql } from 'kysely';
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
  const steps: { name: string; run: () => Promise<void> }[] = [];
  let stopping = false;

  if (config.MIGRATE_ON_START) await ensureDatabaseExists(config.DATABASE_URL);
  const db = createDatabase(config.DATABASE_URL, { poolSize: config.DB_POOL_SIZE });
  steps.push({ name: 'database', run: () => db.destroy() });
  if (config.MIGRATE_ON_START) await migrateToLatest(db);

  const claimerId = `scheduler@${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  const broker = await Broker.connect({
    url: config.AMQP_URL,
    logger: log,
    connectionName: claimerId,
    namespace: config.GUILDHALL_NAMESPACE,
    onDeadLetter: (reason) => metrics.deadLettered.inc({ reason }),
  });
  steps.push({ name: 'broker', run: () => broker.close() });

  const claimer = new JobClaimer(db, broker, log.child({ component: 'claimer' }), metrics, {
    claimer: claimerId,
    pollMs: config.SCHEDULER_POLL_MS,
    batch: config.SCHEDULER_BATCH,
    leaseMs: config.SCHEDULER_LEASE_MS,
    retainMs: config.SCHEDULER_RETAIN_DAYS * 86_400_000,
  });
  claimer.start();
  steps.push({ name: 'claimer', run: () => claimer.stop() });

  const server: Server = await startOpsServer(config.HTTP_PORT, config.HTTP_HOST, {
    registry: metrics.registry,
    ready: async () => {
      if (stopping || !broker.connected) return false;
      try {
        await sql`SELECT 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
  });
  steps.push({ name: 'ops server', run: () => new Promise((resolve) => server.close(() => resolve())) });
  log.info({ namespace: broker.topology.namespace, httpPort: boundPort(server), claimerId }, 'scheduler is running');

  return {
    broker,
    metrics,
    claimer,
    claimerId,
    httpPort: boundPort(server),
    stop: async () => {
      stopping = true;
      for (const step of steps.reverse()) {
        try {
          await step.run();
          log.info({ step: step.name }, 'stopped');
        } catch (err) {
          log.error({ err, step: step.name }, 'stop step failed');
        }
      }
    },
  };
}
