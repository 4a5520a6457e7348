import { Writable } from 'node:stream';
import { envelope, type CommandInvoked } from '@guildhall/events';
import { createScratchDatabase, type ScratchDatabase } from '@guildhall/testkit';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, createLogger, DatabaseVars, loadConfig, redactSecrets, sqlWithoutValues } from '../src/index.ts';

/** Every line the logger writes, kept in memory. */
function memoryLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger('test', { level: 'debug', destination }), lines };
}

const interactionToken = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpzZWNyZXQtdG9rZW4tdmFsdWU';
const memberText = 'my secret diary entry';

let db: ScratchDatabase;
beforeAll(async () => {
  db = await createScratchDatabase('gh_redact');
});
afterAll(async () => {
  await db?.drop();
});

/** A real mysql2 error: a value too long for its column, formatted client-side into err.sql as mysql2 does. */
async function realMysqlError(): Promise<Error> {
  const conn = await createConnection({ uri: db.url });
  try {
    await conn.query("SET SESSION sql_mode = 'STRICT_ALL_TABLES'");
    await conn.query('CREATE TABLE notes (id BIGINT PRIMARY KEY, body VARCHAR(8))');
    await conn.query('INSERT INTO `notes` (`id`, `body`) VALUES (?, ?)', [42, `${memberText} ${interactionToken}`]);
  } catch (err) {
    return err as Error;
  } finally {
    await conn.end();
  }
  throw new Error('the insert should have failed');
}

it('writes no URL userinfo, token or SQL value to a log line, however deep it sits', async () => {
  const err = await realMysqlError();
  // The scenario really is the leak: mysql2 put the values into the statement.
  expect((err as { sql?: string }).sql).toContain(memberText);

  const { log, lines } = memoryLogger();
  const event: CommandInvoked = envelope('gateway.command.invoked', 1, {
    guildId: '1000000000000000001',
    actor: { id: '1000000000000000005', displayName: 'alice', bot: false, roleIds: [], permissions: '0' },
    replyTo: {
      kind: 'interaction',
      channelId: '1000000000000000002',
      interactionId: '1000000000000000003',
      applicationId: '1000000000000000004',
      token: interactionToken,
    },
    command: { name: 'balance', group: null, subcommand: null, options: {} },
    users: {},
  });
  log.error({ err, eventId: event.id }, 'giving up');
  log.error({ err: new Error('batch failed', { cause: err }) }, 'batch failed');
  log.warn({ batch: [{ event }] }, 'a batch');
  log.warn({ event }, 'an event');
  log.warn(
    { url: 'mysql://guildhall:hunter2@db.internal:3306/guildhall' },
    'cannot reach amqp://admin:s3cret@rabbit:5672/ or mysql://guildhall:hunter2@db.internal:3306/guildhall',
  );
  const discordError = Object.assign(new Error('Unknown interaction'), {
    url: `https://discord.com/api/v10/interactions/1000000000000000003/${interactionToken}/callback`,
    requestBody: { json: { type: 5 } },
  });
  log.error({ err: discordError }, 'REST call failed');
  log
    .child({ config: { DISCORD_TOKEN: 'MTAwMDAwMDAwMDAwMDAwMDAwOQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123' } })
    .info('child');
  log.info(`sent Bot MTAwMDAwMDAwMDAwMDAwMDAwOQ.GhIjKl.abcdefghijklmnopqrstuvwxyz0123 to the gateway`);
  log.flush();

  await expect.poll(() => lines.length).toBe(8);
  const all = lines.join('\n');
  for (const secret of [
    memberText,
    interactionToken,
    'hunter2',
    's3cret',
    'admin:',
    'abcdefghijklmnopqrstuvwxyz0123',
  ]) {
    expect(all, `a log line carries ${secret}`).not.toContain(secret);
  }
  // What a reader needs is still there: the statement's shape, the error, where the request went.
  const giving = JSON.parse(lines[0] ?? '{}') as { err: { sql: string; code: string; message: string } };
  expect(giving.err.code).toBe('ER_DATA_TOO_LONG');
  expect(giving.err.sql).toBe('INSERT INTO `notes` (`id`, `body`) VALUES (?, ?)');
  expect(giving.err.message).toMatch(/Data too long for column 'body'/);
  expect(all).toContain('mysql://***@db.internal:3306/guildhall');
  expect(all).toContain('/interactions/1000000000000000003/[redacted]/callback');
  expect(all).toContain('"token":"[redacted]"');
});

it('shows a bad URL in a configuration error with its userinfo masked, even when the value is long', () => {
  const env = { DATABASE_URL: 'mysql://guildhall:correct-horse-battery-staple@127.0.0.1:33o6/guildhall' };
  let error: unknown;
  try {
    loadConfig(z.object(DatabaseVars), env);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as ConfigError).message;
  expect(message).toContain('DATABASE_URL');
  expect(message).toContain('mysql://***@127.0.0.1:33o6');
  expect(message).not.toContain('correct-horse');
  expect(message).not.toContain('guildhall:');
});

it('never shows the value of a variable named like a secret', () => {
  const schema = z.object({ DISCORD_TOKEN: z.string().min(80) });
  expect(() => loadConfig(schema, { DISCORD_TOKEN: 'short-but-secret' })).toThrow(/DISCORD_TOKEN.*set, 16 characters/);
  expect(() => loadConfig(schema, { DISCORD_TOKEN: 'short-but-secret' })).not.toThrow(/short-but-secret/);
});

it('takes literals out of SQL and keeps identifiers', () => {
  expect(
    sqlWithoutValues("UPDATE `t1` SET `v2` = 'a''b\\'c', n = -3.5e2 WHERE id IN (1, 0x1F, X'00') AND s = \"x\""),
  ).toBe('UPDATE `t1` SET `v2` = ?, n = -? WHERE id IN (?, ?, ?) AND s = ?');
  expect(redactSecrets('{"a":{"b":[{"password":"x\\"y"}]}}')).toBe('{"a":{"b":[{"password":"[redacted]"}]}}');
});
