/**
 * LEGACY plumbing of the features not yet converted to typed options and refusal codes (phase 2 of issue 10). A
 * converted feature declares its options in packages/events and gets them parsed (shared/commands/options.ts);
 * these readers and refuseLegacy go when the last feature stops using them
 * (__tests__/outcomes-as-data.unit.test.ts counts what is left).
 */
import type { CommandInvoked, LegacyCategory } from '@guildhall/events';
import type { HandlerContext } from '../../context.ts';

/** A slash command being handled. */
export type CommandContext = HandlerContext<CommandInvoked>;

/** A command's raw options, as the request carries them. */
export type RawOptions = CommandInvoked['payload']['command']['options'];

/** Refuses a command with an English sentence: the temporary `legacy` refusal code. */
export function refuseLegacy(ctx: CommandContext, category: LegacyCategory, message: string): void {
  ctx.refuse(ctx.event.payload.replyTo, { code: 'legacy', category, message });
}

/** A string option, trimmed; undefined when absent or blank. */
export function stringOption(options: RawOptions, name: string): string | undefined {
  const value = options[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** An integer option; undefined when absent or not an integer. */
export function intOption(options: RawOptions, name: string): number | undefined {
  const value = options[name];
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** An integer option within [min, max]: undefined when absent, null when present but out of range or not whole. */
export function integerOption(options: RawOptions, name: string, min: number, max: number): number | null | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : null;
}

/** A boolean option, or undefined. */
export function booleanOption(options: RawOptions, name: string): boolean | undefined {
  const value = options[name];
  return typeof value === 'boolean' ? value : undefined;
}

/** A Discord id option (user, role, channel), or undefined. */
export function idOption(options: RawOptions, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' && /^\d{1,20}$/.test(value) ? value : undefined;
}

/** A member named by a user option, with what the bot resolved about them (bots included, so they can be refused). */
export function memberOption(
  ctx: CommandContext,
  name: string,
): { id: string; displayName: string; bot: boolean } | undefined {
  const id = idOption(ctx.event.payload.command.options, name);
  if (id === undefined) return undefined;
  const user = ctx.event.payload.users[id];
  return { id, displayName: user?.displayName ?? id, bot: user?.bot ?? false };
}

/** The member who invoked the command. */
export function invoker(ctx: CommandContext): { id: string; displayName: string } {
  const { actor } = ctx.event.payload;
  return { id: actor.id, displayName: actor.displayName };
}
