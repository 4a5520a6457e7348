import { z } from 'zod';
import { RawEnvelope } from './envelope.ts';
import { ActionCompleted, ActionRequested } from './schemas/actions.ts';
import { commandRejected, CommandRejectedV1 } from './schemas/command.ts';
import { sharedRefusals } from './schemas/refusals.ts';
import { roleRefusals } from './schemas/roles.ts';
import { CommandInvoked, MemberJoined, MessageCreated } from './schemas/gateway.ts';
import {
  ModCaseRecorded,
  ModCaseShown,
  ModCasesListed,
  ModCasesListedV1,
  ModReasonUpdated,
  ModSettingsUpdated,
  moderationRefusals,
} from './schemas/moderation.ts';
import {
  BirthdayAnnounced,
  BirthdayRemoved,
  BirthdaySaved,
  BirthdaySettingsUpdated,
  ReminderCancelled,
  ReminderCreated,
  ReminderDelivered,
  RemindersListed,
  TempRoleGranted,
  TempRoleGrantedV1,
  birthdayRefusals,
  reminderRefusals,
  temproleRefusals,
} from './schemas/reminders.ts';
import { JobDue } from './schemas/scheduler.ts';
import {
  GuildhallAboutShown,
  GuildhallHelpListed,
  GuildhallPagesUpdated,
  GuildhallSettingsChanged,
} from './schemas/guildhall.ts';
import { GuildLeft, GuildSynced } from './schemas/directory.ts';
import {
  WelcomeMemberGreeted,
  WelcomeMemberGreetedV1,
  WelcomeSettingsUpdated,
  welcomeRefusals,
} from './schemas/welcome.ts';
import {
  KarmaAnnounceUpdated,
  KarmaChangeReverted,
  KarmaHistoryListed,
  KarmaLeaderboardListed,
  KarmaPointsChanged,
  KarmaTotalsListed,
  karmaRefusals,
} from './schemas/karma.ts';
import {
  EconomyBalanceAdjusted,
  EconomyBalanceShown,
  EconomyDailyClaimed,
  EconomyHistoryListed,
  EconomyLeaderboardListed,
  EconomyPurchaseCompleted,
  EconomyPurchaseRefunded,
  EconomyPurchaseRefundedV1,
  EconomySettingsUpdated,
  EconomyShopListed,
  EconomyShopUpdated,
  EconomyTransferCompleted,
  economyRefusals,
} from './schemas/economy.ts';
import {
  LevelsLeaderboardListed,
  LevelsLevelReached,
  LevelsRankShown,
  LevelsRewardFailed,
  LevelsSettingsUpdated,
  levelsRefusals,
} from './schemas/levels.ts';

/**
 * Every refusal code: the shared ones and each domain's, composed here. A domain adds its list (defined beside its
 * event schemas) to this union; the bot's renderer table is keyed by the same codes, so a new code without a
 * sentence fails `tsc` there.
 */
export const Refusal = z.discriminatedUnion('code', [
  ...sharedRefusals,
  ...roleRefusals,
  ...karmaRefusals,
  ...reminderRefusals,
  ...temproleRefusals,
  ...birthdayRefusals,
  ...economyRefusals,
  ...levelsRefusals,
  ...moderationRefusals,
  ...welcomeRefusals,
]);
export type Refusal = z.infer<typeof Refusal>;
/** A refusal code. */
export type RefusalCode = Refusal['code'];
/** The refusal with a given code. */
export type RefusalOf<C extends RefusalCode> = Extract<Refusal, { code: C }>;

/** A command could not be carried out: a typed refusal for the bot to word (v2; core emits only this version). */
export const CommandRejected = commandRejected(Refusal);
export type CommandRejected = z.infer<typeof CommandRejected>;

/** Every request event: what core (and only core) consumes. */
export const requestSchemas = [
  MessageCreated,
  CommandInvoked,
  MemberJoined,
  ActionCompleted,
  JobDue,
  GuildSynced,
  GuildLeft,
] as const;

/** Every result event: domain facts core emits, which the bot renders. */
export const resultSchemas = [
  KarmaPointsChanged,
  KarmaTotalsListed,
  KarmaLeaderboardListed,
  KarmaAnnounceUpdated,
  KarmaHistoryListed,
  KarmaChangeReverted,
  EconomyBalanceShown,
  EconomyTransferCompleted,
  EconomyDailyClaimed,
  EconomyLeaderboardListed,
  EconomyBalanceAdjusted,
  EconomySettingsUpdated,
  EconomyHistoryListed,
  EconomyShopListed,
  EconomyShopUpdated,
  EconomyPurchaseCompleted,
  EconomyPurchaseRefunded,
  LevelsRankShown,
  LevelsLeaderboardListed,
  LevelsLevelReached,
  LevelsSettingsUpdated,
  LevelsRewardFailed,
  ModCaseRecorded,
  ModCaseShown,
  ModCasesListed,
  ModReasonUpdated,
  ModSettingsUpdated,
  WelcomeMemberGreeted,
  WelcomeSettingsUpdated,
  ReminderCreated,
  RemindersListed,
  ReminderCancelled,
  ReminderDelivered,
  TempRoleGranted,
  BirthdaySaved,
  BirthdayRemoved,
  BirthdaySettingsUpdated,
  BirthdayAnnounced,
  GuildhallAboutShown,
  GuildhallHelpListed,
  GuildhallPagesUpdated,
  GuildhallSettingsChanged,
  CommandRejected,
  ActionRequested,
] as const;

/** Any request event. */
export const RequestEvent = z.discriminatedUnion('type', requestSchemas);
export type RequestEvent = z.infer<typeof RequestEvent>;

/**
 * Result versions core no longer emits but the bot still renders, for results queued before a rolling upgrade.
 * Each retires for good once no deployment can still hold one (its type has a newer version in resultSchemas).
 */
export const retiredResultSchemas = [
  CommandRejectedV1,
  TempRoleGrantedV1,
  EconomyPurchaseRefundedV1,
  ModCasesListedV1,
  WelcomeMemberGreetedV1,
] as const;

/** Any result event core emits today (the latest version of each type). */
export const LatestResultEvent = z.discriminatedUnion('type', resultSchemas);
export type LatestResultEvent = z.infer<typeof LatestResultEvent>;

/** Any result event a consumer may meet: the latest versions and the retired ones still in flight. */
export type ResultEvent = LatestResultEvent | z.infer<(typeof retiredResultSchemas)[number]>;

/** Any event on the wire. */
export type AnyEvent = RequestEvent | ResultEvent;

/** The event type names of one direction. */
export type RequestType = RequestEvent['type'];
export type ResultType = ResultEvent['type'];

/** The event of a given type, every version of it a consumer may meet. */
export type EventOf<T extends AnyEvent['type']> = Extract<AnyEvent, { type: T }>;

/** The event of a given type as producers emit it today (its latest version). */
export type LatestOf<T extends AnyEvent['type']> = Extract<RequestEvent | LatestResultEvent, { type: T }>;

/** Which way an event flows. */
export type Direction = 'request' | 'result';

/** A schema known to the catalog, with its type and version read off the schema itself. */
export interface CatalogEntry {
  direction: Direction;
  type: string;
  version: number;
  schema: z.ZodType;
  description: string;
}

function entries(direction: Direction, schemas: readonly z.ZodObject[]): CatalogEntry[] {
  return schemas.map((schema) => {
    const shape = schema.shape as { type: z.ZodLiteral<string>; version: z.ZodLiteral<number> };
    return {
      direction,
      type: shape.type.value,
      version: shape.version.value,
      schema,
      description: schema.description ?? '',
    };
  });
}

/** The full catalog, requests first. */
export const catalog: readonly CatalogEntry[] = [
  ...entries('request', requestSchemas),
  ...entries('result', resultSchemas),
  ...entries('result', retiredResultSchemas),
];

const byKey = new Map(catalog.map((e) => [`${e.type}@${e.version}`, e]));

/** Why a message could not be accepted as an event; never worth retrying. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  constructor(
    readonly reason: 'malformed-json' | 'invalid-envelope' | 'unknown-type' | 'schema-mismatch',
    message: string,
  ) {
    super(message);
  }
}

/** Parses and validates raw bytes as an event of the given direction; throws InvalidEventError with the reason. */
export function decodeEvent<D extends Direction>(
  direction: D,
  body: Buffer | string,
): D extends 'request' ? RequestEvent : ResultEvent {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
  } catch (err) {
    throw new InvalidEventError('malformed-json', `body is not JSON: ${(err as Error).message}`);
  }
  const raw = RawEnvelope.safeParse(json);
  if (!raw.success) throw new InvalidEventError('invalid-envelope', z.prettifyError(raw.error));
  const entry = byKey.get(`${raw.data.type}@${raw.data.version}`);
  if (!entry || entry.direction !== direction) {
    throw new InvalidEventError('unknown-type', `no ${direction} event ${raw.data.type} v${raw.data.version}`);
  }
  const parsed = entry.schema.safeParse(json);
  if (!parsed.success) throw new InvalidEventError('schema-mismatch', z.prettifyError(parsed.error));
  return parsed.data as D extends 'request' ? RequestEvent : ResultEvent;
}

/** Validates an event before it is published; a bug in the producer fails loudly here, not in a consumer. */
export function assertValid(direction: Direction, event: AnyEvent): void {
  decodeEvent(direction, JSON.stringify(event));
}
