import { createScratchDatabase, type ScratchDatabase } from '@guildhall/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabase,
  getCaseByNumber,
  migrateToLatest,
  migratorFor,
  type Database,
  type Kysely,
} from '../src/index.ts';

// The migration that turns automatic cases' English into codes: rows written by the core before it must come out
// as codes with their numbers (and Discord's error text as a typed failure), anything else untouched.

let scratch: ScratchDatabase;
let db: Kysely<Database>;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  db = createDatabase(scratch.url);
});
afterAll(async () => {
  await db.destroy();
  await scratch.drop();
});

/** A case row as the core before the migration wrote it. */
function oldCase(n: number, fields: { automatic: number; reason: string; status?: string; error?: string | null }) {
  return {
    guild_id: '1',
    case_number: n,
    action: 'warn',
    target_id: '2',
    target_name: 'Target',
    moderator_id: '3',
    moderator_name: 'Guildhall',
    status: 'succeeded',
    error: null,
    ...fields,
  };
}

describe('2026_11_29_0210_mod_case_codes', () => {
  it('turns the sentences core wrote into codes and numbers, and Discord’s error text into a failure code', async () => {
    const before = await migratorFor(db).migrateTo('2026_11_22_0206_birthdays');
    expect(before.error).toBeUndefined();
    const old = [
      oldCase(1, { automatic: 1, reason: 'Anti-spam: more than 5 messages within 10 seconds' }),
      oldCase(2, { automatic: 1, reason: 'Anti-spam: 7 mentions in one message (limit 4)' }),
      oldCase(3, { automatic: 1, reason: '3 warnings within 7 days (last: case #2)' }),
      oldCase(4, { automatic: 1, reason: 'Temporary ban (case #12) expired' }),
      oldCase(5, { automatic: 0, reason: 'Anti-spam: more than 5 messages within 10 seconds' }),
      oldCase(6, { automatic: 1, reason: 'something else' }),
      oldCase(7, {
        automatic: 0,
        reason: 'raid',
        status: 'failed',
        error: 'Missing Permissions (HTTP 403, code 50013)',
      }),
      oldCase(8, { automatic: 0, reason: 'x', status: 'failed', error: 'odd' }),
    ];
    // Many rows, so the conversion crosses its steps of 500.
    const filler = Array.from({ length: 1200 }, (_, i) =>
      oldCase(100 + i, { automatic: 1, reason: `${i + 1} warnings within 7 days (last: case #${i + 99})` }),
    );
    await db
      .insertInto('mod_cases')
      .values([...old, ...filler] as never)
      .execute();

    await migrateToLatest(db);
    const at = async (n: number) => {
      const row = await getCaseByNumber(db, '1', n);
      return { reason: row?.reason, code: row?.reasonCode, failure: row?.failure, error: row?.error };
    };
    expect(await at(1)).toMatchObject({
      reason: '',
      code: { code: 'moderation.antispam.messages', messages: 5, seconds: 10 },
    });
    expect(await at(2)).toMatchObject({ code: { code: 'moderation.antispam.mentions', mentions: 7, limit: 4 } });
    expect(await at(3)).toMatchObject({ code: { code: 'moderation.escalation', warns: 3, days: 7, lastCase: 2 } });
    expect(await at(4)).toMatchObject({ code: { code: 'moderation.tempban.expired', banCase: 12 } });
    // A moderator's words stay theirs, whatever they say; an unknown sentence stays as it was.
    expect(await at(5)).toMatchObject({ reason: 'Anti-spam: more than 5 messages within 10 seconds', code: null });
    expect(await at(6)).toMatchObject({ reason: 'something else', code: null });
    expect(await at(7)).toEqual({
      reason: 'raid',
      code: null,
      failure: { code: 'discord.rejected', status: 403, discordCode: 50013 },
      error: 'Missing Permissions',
    });
    expect(await at(8)).toMatchObject({ failure: null, error: 'odd' });
    expect(await at(1299)).toMatchObject({
      reason: '',
      code: { code: 'moderation.escalation', warns: 1200, days: 7, lastCase: 1298 },
    });
  });
});
