import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Locale } from 'discord-api-types/v10';
import { asLocale } from '../locales.ts';
import { DISCORD_EPOCH } from '../snowflake.ts';

/** What the playground keeps across restarts, so MySQL's rows keep matching its guild. */
export interface PlaygroundIdentity {
  /** When this playground guild was created; every seeded id is derived from it. */
  createdAt: number;
  /** The guild's `preferred_locale`, as last set (Server Settings, or `PATCH /guilds/{id}`). */
  preferredLocale: Locale;
}

/**
 * The id of seeded thing number `slot` (0-4095): a snowflake minted at the guild's creation on worker 2 with the
 * slot as its increment. The same identity always yields the same ids; another identity (another creation time)
 * shares none of them; and the emulator's own ids (worker 1) never collide with them.
 */
export function seededId(identity: Pick<PlaygroundIdentity, 'createdAt'>, slot: number): string {
  const ms = BigInt(identity.createdAt) - DISCORD_EPOCH;
  return ((ms << 22n) | (2n << 17n) | BigInt(slot & 0xfff)).toString();
}

/**
 * Reads the identity from `file`, or starts a new one there (first start, a deleted file, or `fresh`: a new guild
 * with new ids, so the old guild's rows in MySQL are simply no longer shown).
 */
export function loadPlaygroundIdentity(file: string, opts: { fresh?: boolean } = {}): PlaygroundIdentity {
  const saved = readIdentity(file);
  if (saved && !opts.fresh) return saved;
  // A fresh guild must not reuse the old one's ids, even when started within the same millisecond.
  const identity = { createdAt: Math.max(Date.now(), (saved?.createdAt ?? 0) + 1), preferredLocale: Locale.EnglishUS };
  savePlaygroundIdentity(file, identity);
  return identity;
}

function readIdentity(file: string): PlaygroundIdentity | undefined {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { createdAt?: unknown; preferredLocale?: unknown };
    if (typeof saved.createdAt === 'number' && Number.isInteger(saved.createdAt) && saved.createdAt > 0)
      return { createdAt: saved.createdAt, preferredLocale: asLocale(saved.preferredLocale) ?? Locale.EnglishUS };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error;
  }
  return undefined;
}

/** Writes the identity (creating its folder). */
export function savePlaygroundIdentity(file: string, identity: PlaygroundIdentity): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(identity, null, 2)}\n`);
}
