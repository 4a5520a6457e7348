import type { CommandInvoked } from '@guildhall/events';
import type { HandlerContext } from '../context.ts';

/** A slash command being handled. */
export type CommandContext = HandlerContext<CommandInvoked>;

/** Why a command was refused (command.request.rejected's code). */
export type RejectCode = 'invalid' | 'forbidden' | 'not_found' | 'conflict';

/** Answers a command with a refusal: a polite sentence saying what to fix. */
export function reject(ctx: CommandContext, code: RejectCode, message: string): void {
  const { guildId, replyTo } = ctx.event.payload;
  ctx.emit('command.request.rejected', { guildId, replyTo, code, message });
}

/** A string option, trimmed; undefined when absent or blank. */
export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.event.payload.command.options[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The raw value of an option, for parsers that explain what is wrong with it. */
export function rawOption(ctx: CommandContext, name: string): unknown {
  return ctx.event.payload.command.options[name];
}

/** An integer option within [min, max]: undefined when absent, null when present but out of range or not whole. */
export function integerOption(ctx: CommandContext, name: string, min: number, max: number): number | null | undefined {
  const value = ctx.event.payload.command.options[name];
  if (value === undefined) return undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : null;
}

/** A boolean option, or undefined. */
export function booleanOption(ctx: CommandContext, name: string): boolean | undefined {
  const value = ctx.event.payload.command.options[name];
  return typeof value === 'boolean' ? value : undefined;
}

/** A Discord id option (user, role, channel), or undefined. */
export function idOption(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.event.payload.command.options[name];
  return typeof value === 'string' && /^\d{1,20}$/.test(value) ? value : undefined;
}

/** A member named by a user option, with what the bot resolved about them (bots included, so they can be refused). */
export function memberOption(
  ctx: CommandContext,
  name: string,
): { id: string; displayName: string; bot: boolean } | undefined {
  const id = idOption(ctx, name);
  if (id === undefined) return undefined;
  const user = ctx.event.payload.users[id];
  return { id, displayName: user?.displayName ?? id, bot: user?.bot ?? false };
}

/** The member who invoked the command. */
export function invoker(ctx: CommandContext): { id: string; displayName: string } {
  const { actor } = ctx.event.payload;
  return { id: actor.id, displayName: actor.displayName };
}
