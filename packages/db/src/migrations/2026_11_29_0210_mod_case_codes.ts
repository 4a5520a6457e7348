import { sql, type Kysely } from 'kysely';

// Moderation cases stop holding core's English (issue 10): an automatic case (anti-spam, warn escalation, temp-ban
// expiry) records why as a code with its numbers (reason_code, reason_params as JSON), which the bot words in the
// reader's language, and `reason` keeps only a moderator's own words. A failed case records why it failed as a code
// (failure, JSON: `discord.rejected` with Discord's status and error code, or a role refusal); `error` keeps
// Discord's English text for logs. Rows written before this migration are converted where their English is one of
// the sentences core used to write; anything else is left as it was (shown as the text it is).

/** The sentences core wrote into automatic cases, and the code each becomes. */
const automaticReasons: { pattern: RegExp; code: string; params: (m: RegExpMatchArray) => Record<string, number> }[] = [
  {
    pattern: /^Anti-spam: more than (\d+) messages within (\d+) seconds$/,
    code: 'moderation.antispam.messages',
    params: (m) => ({ messages: Number(m[1]), seconds: Number(m[2]) }),
  },
  {
    pattern: /^Anti-spam: (\d+) mentions in one message \(limit (\d+)\)$/,
    code: 'moderation.antispam.mentions',
    params: (m) => ({ mentions: Number(m[1]), limit: Number(m[2]) }),
  },
  {
    pattern: /^(\d+) warnings within (\d+) days \(last: case #(\d+)\)$/,
    code: 'moderation.escalation',
    params: (m) => ({ warns: Number(m[1]), days: Number(m[2]), lastCase: Number(m[3]) }),
  },
  {
    pattern: /^Temporary ban \(case #(\d+)\) expired$/,
    code: 'moderation.tempban.expired',
    params: (m) => ({ banCase: Number(m[1]) }),
  },
];

/** How core wrote Discord's refusal into `error`: "<Discord's message> (HTTP <status>, code <code>)". */
const discordError = /^(.*) \(HTTP (\d+), code (\d+)\)$/s;

/** Rows are converted in steps of this many, by primary key, so no statement holds many locks for long. */
const step = 500;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE mod_cases
      ADD COLUMN reason_code VARCHAR(48) NULL AFTER reason,
      ADD COLUMN reason_params TEXT NULL AFTER reason_code,
      ADD COLUMN failure TEXT NULL AFTER error
  `.execute(db);

  for (let after = '0'; ;) {
    const rows = await db
      .selectFrom('mod_cases')
      .select(['id', 'automatic', 'reason', 'status', 'error'])
      .where('id', '>', after)
      .where((eb) => eb.or([eb('automatic', '=', 1), eb('status', '=', 'failed')]))
      .orderBy('id')
      .limit(step)
      .execute();
    for (const row of rows as {
      id: string;
      automatic: number;
      reason: string;
      status: string;
      error: string | null;
    }[]) {
      const changes: Record<string, string> = {};
      const known = Number(row.automatic) === 1 ? automaticReasons.find((r) => r.pattern.test(row.reason)) : undefined;
      const match = known && row.reason.match(known.pattern);
      if (known && match) {
        changes['reason'] = '';
        changes['reason_code'] = known.code;
        changes['reason_params'] = JSON.stringify(known.params(match));
      }
      const failed = row.status === 'failed' && row.error !== null ? row.error.match(discordError) : null;
      if (failed) {
        changes['error'] = failed[1] ?? '';
        changes['failure'] = JSON.stringify({
          code: 'discord.rejected',
          status: Number(failed[2]),
          discordCode: Number(failed[3]),
        });
      }
      if (Object.keys(changes).length > 0)
        await db.updateTable('mod_cases').set(changes).where('id', '=', row.id).execute();
    }
    const last = rows.at(-1) as { id: string } | undefined;
    if (!last || rows.length < step) break;
    after = last.id;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE mod_cases DROP COLUMN failure, DROP COLUMN reason_params, DROP COLUMN reason_code`.execute(db);
}
