import { createDatabase, migrateToLatest, type Database, type Kysely } from '@guildhall/db';
import { createScratchDatabase, type ScratchDatabase } from '@guildhall/testkit';
import { createLogger } from '@guildhall/runtime';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requestHandlers } from '../src/handlers.ts';
import { createCoreMetrics } from '../src/metrics.ts';
import { Pipeline } from '../src/pipeline.ts';
import { message } from './harness.ts';

let scratch: ScratchDatabase;
let db: Kysely<Database>;
const sent: string[] = [];

beforeAll(async () => {
  scratch = await createScratchDatabase();
  db = createDatabase(scratch.url, { log: (e) => sent.push(e.query.sql) });
  await migrateToLatest(db);
});
afterAll(async () => {
  await db.destroy();
  await scratch.drop();
});

it('applies a batch of messages in 3 round trips, BEGIN and COMMIT included (ADR 7)', async () => {
  const pipeline = new Pipeline(db, requestHandlers, createLogger('test', { level: 'silent' }), createCoreMetrics());
  const batch = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      event: message(`tea${i % 7}++ thanks`, { id: String(300_000_000_000_000_100n + BigInt(i)) }),
      redelivered: false,
    }));
  // The first batch of a guild creates its settings and members; the count is about the steady state.
  await pipeline.apply(batch(5));
  sent.length = 0;
  const { rows } = await pipeline.apply(batch(40));
  expect(rows).toHaveLength(40);
  expect(sent).toHaveLength(3);
  expect(sent[0]).toMatch(/^BEGIN;/);
  expect(sent[2]).toMatch(/COMMIT$/);
});
