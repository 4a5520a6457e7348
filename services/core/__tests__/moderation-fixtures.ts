import type { CommandInvoked, ResultEvent } from '@guildhall/events';
import { sql } from 'kysely';
import { startScheduler, type SchedulerApp } from '@guildhall/scheduler/app';
import { SchedulerConfigSchema } from '@guildhall/scheduler/config';
import { PermissionFlagsBits as Permission } from 'discord-api-types/v10';
import { command, ids, type CoreHarness } from './harness.ts';

/** People of the moderation tests, with the highest role position each has in the test guild. */
export const people = {
  owner: { id: '300000000000000001', displayName: 'Owner', position: 0 },
  mod: {
    id: '300000000000000002',
    displayName: 'Mod',
    position: 5,
    permissions: String(
      Permission.BanMembers | Permission.KickMembers | Permission.ModerateMembers | Permission.ManageMessages,
    ),
  },
  peer: { id: '300000000000000003', displayName: 'Peer', position: 5 },
  member: { id: '300000000000000004', displayName: 'Member', position: 1 },
  admin: { id: '300000000000000005', displayName: 'Admin', position: 8, permissions: String(Permission.Administrator) },
} as const;

/** The bot's highest role position in the test guild. */
export const botPosition = 10;

type Person = { id: string; displayName: string; position: number; permissions?: string };

/**
 * A moderation command as the bot would publish it: the invoker and the named people with their role positions,
 * the guild owner and the bot. `targets` are the users named in options (members unless listed in `outsiders`).
 */
export function modCommand(
  name: string,
  options: CommandInvoked['payload']['command']['options'],
  actor: Person,
  targets: Person[] = [],
  extra: {
    subcommand?: string | null;
    outsiders?: Person[];
    omitRanks?: boolean;
    /** More of the request, e.g. the ban-list look-up the bot did (`banned`). */
    payload?: Partial<CommandInvoked['payload']>;
  } = {},
): CommandInvoked {
  const named = [...targets, ...(extra.outsiders ?? [])];
  const members = Object.fromEntries(
    [actor, ...targets].map((p) => [p.id, { highestRolePosition: p.position }] as const),
  );
  return command(
    name,
    extra.subcommand ?? null,
    options,
    { id: actor.id, displayName: actor.displayName, permissions: actor.permissions ?? '0' },
    {
      users: Object.fromEntries(named.map((p) => [p.id, { id: p.id, displayName: p.displayName, bot: false }])),
      botUserId: ids.bot,
      ...(extra.omitRanks ? {} : { members, guildOwnerId: people.owner.id, botHighestRolePosition: botPosition }),
      ...extra.payload,
    },
  );
}

/** A numbered test member at role position 1. */
export function memberNo(n: number): Person {
  return { id: String(400000000000000000n + BigInt(n)), displayName: `member${n}`, position: 1 };
}

/** The Discord action of a result, when it is one. */
export function actionOf(r: ResultEvent) {
  return r.type === 'discord.action.requested' ? r.payload : undefined;
}

/**
 * Starts an in-process scheduler on a core harness's database and namespace. Core and the scheduler are separate
 * services; the tests of timed features need both, so this reaches into services/scheduler as a deployment would.
 */
export function startSchedulerFor(h: CoreHarness): Promise<SchedulerApp> {
  const config = SchedulerConfigSchema.parse(h.env({ SCHEDULER_POLL_MS: '100' }));
  return startScheduler(config, h.log.child({ service: 'scheduler' }));
}

/** Makes a scheduled job due now (tests fast-forward the clock of a job rather than wait for it). */
export async function dueNow(h: CoreHarness, jobId: string): Promise<void> {
  await h.db
    .updateTable('scheduled_jobs')
    .set({ due_at: sql<Date>`CURRENT_TIMESTAMP(3)` })
    .where('id', '=', jobId)
    .execute();
}
