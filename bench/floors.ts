import amqp from 'amqplib';
import { createPool } from 'mysql2/promise';
import { randomUUID } from 'node:crypto';
import { until, pool } from './lib.ts';

/**
 * Raw broker floor: persistent messages published with confirms into a durable quorum queue and consumed with
 * manual acks (prefetch 100). No application code: this is the ceiling for anything built on the broker.
 */
export async function brokerFloor(amqpUrl: string, queue: string, count: number): Promise<number> {
  const conn = await amqp.connect(amqpUrl, { noDelay: true });
  try {
    const pub = await conn.createConfirmChannel();
    const sub = await conn.createChannel();
    await pub.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await sub.prefetch(100);
    let acked = 0;
    await sub.consume(queue, (msg) => {
      if (!msg) return;
      sub.ack(msg);
      acked++;
    });
    const body = Buffer.from(JSON.stringify({ id: randomUUID(), payload: 'x'.repeat(300) }));
    const started = performance.now();
    // A window of outstanding confirms, as any real publisher keeps.
    let inFlight = 0;
    const done: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      while (inFlight >= 1000) await new Promise((r) => setImmediate(r));
      inFlight++;
      done.push(
        new Promise<void>((resolve, reject) =>
          pub.publish('', queue, body, { persistent: true }, (err) => {
            inFlight--;
            if (err) reject(err instanceof Error ? err : new Error(String(err)));
            else resolve();
          }),
        ),
      );
    }
    await Promise.all(done);
    await until(() => acked >= count, 120_000, 'the broker floor consumer');
    const seconds = (performance.now() - started) / 1000;
    await sub.close();
    await pub.deleteQueue(queue);
    await pub.close();
    return count / seconds;
  } finally {
    await conn.close();
  }
}

/** Raw database floor: the karma transaction (insert the processed id, upsert a counter) with 16 in flight. */
export async function databaseFloor(url: string, count: number): Promise<number> {
  const db = createPool({ uri: url, connectionLimit: 16 });
  try {
    await db.query(
      'CREATE TABLE floor_inbox (event_id VARCHAR(64) PRIMARY KEY, processed_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)) ENGINE=InnoDB',
    );
    await db.query(
      'CREATE TABLE floor_counter (guild_id VARCHAR(20), subject_key VARCHAR(64), total BIGINT NOT NULL, PRIMARY KEY (guild_id, subject_key)) ENGINE=InnoDB',
    );
    const items = Array.from({ length: count }, (_, i) => i);
    const started = performance.now();
    await pool(items, 16, async (i) => {
      const conn = await db.getConnection();
      try {
        await conn.beginTransaction();
        await conn.query('INSERT INTO floor_inbox (event_id) VALUES (?)', [randomUUID()]);
        await conn.query(
          'INSERT INTO floor_counter (guild_id, subject_key, total) VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE total = total + 1',
          ['1', `k${i % 100}`],
        );
        await conn.commit();
      } finally {
        conn.release();
      }
    });
    return count / ((performance.now() - started) / 1000);
  } finally {
    await db.end();
  }
}
