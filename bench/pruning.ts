import type { Database, Kysely } from '@guildhall/db';
import { createSchedulerMetrics } from '@guildhall/scheduler/metrics';
import { DefaultPrunerOptions, Pruner } from '@guildhall/scheduler/pruner';
import { sql } from 'kysely';
import { benchLog } from './lib.ts';

/**
 * Fills the inbox and karma_cooldowns with `rows` old rows each (past the pruner's retention), the way a busy
 * server's tables look after weeks, so that the pruner has work for the whole of a measurement.
 */
export async function fillOldRows(db: Kysely<Database>, rows: number): Promise<void> {
  const step = 5_000;
  for (let at = 0; at < rows; at += step) {
    const n = Math.min(step, rows - at);
    await db
      .insertInto('inbox')
      .values(
        Array.from({ length: n }, (_, i) => ({
          event_id: `old-${at + i}`,
          event_type: 'gateway.message.created',
          processed_at: sql<Date>`CURRENT_TIMESTAMP(3) - INTERVAL 30 DAY`,
        })),
      )
      .execute();
    await db
      .insertInto('karma_cooldowns')
      .values(
        Array.from({ length: n }, (_, i) => ({
          guild_id: '1',
          giver_id: `old-${at + i}`,
          subject_kind: 'name' as const,
          subject_key: 'k',
          expires_at: sql<Date>`CURRENT_TIMESTAMP(3) - INTERVAL 2 DAY`,
          event_id: `old-${at + i}`,
        })),
      )
      .execute();
  }
}

/** Runs the pruner (its production settings) pass after pass until stopped; returns the rows it deleted. */
export function keepPruning(db: Kysely<Database>): () => Promise<number> {
  const metrics = createSchedulerMetrics();
  const pruner = new Pruner(db, benchLog, metrics, DefaultPrunerOptions);
  let running = true;
  const loop = (async () => {
    while (running) await pruner.runOnce();
  })();
  return async () => {
    running = false;
    await pruner.stop();
    await loop;
    const { values } = await metrics.pruned.get();
    return values.reduce((n, v) => n + v.value, 0);
  };
}
