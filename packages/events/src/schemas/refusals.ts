import { PermissionFlagsBits } from 'discord-api-types/v10';
import { z } from 'zod';

/**
 * Refusals and failures as data: a `code` (namespaced: `<domain>.<thing>.<problem>`, or a shared one such as
 * `permission.missing`) and the typed parameters its sentence needs. Core emits them; the bot turns them into words
 * in the member's language. Each domain lists its codes beside its schemas; catalog.ts composes them into `Refusal`.
 */

/** Builds the schema of one refusal code with its parameters. */
export function refusal<const C extends string, const S extends z.ZodRawShape = Record<never, never>>(
  code: C,
  params?: S,
) {
  return z.object({ code: z.literal(code), ...(params ?? ({} as S)) });
}

/** A Discord permission by its discord-api-types name (`ManageGuild`, `BanMembers`, …). */
export const PermissionName = z.enum(
  Object.keys(PermissionFlagsBits) as [keyof typeof PermissionFlagsBits, ...(keyof typeof PermissionFlagsBits)[]],
);
export type PermissionName = z.infer<typeof PermissionName>;

/** What is wrong with one option's value, in terms a renderer can word (and the bounds it needs). */
export const OptionProblem = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('missing') }),
  z.object({ kind: z.literal('type'), expected: z.enum(['string', 'integer', 'number', 'boolean', 'snowflake']) }),
  /** A number outside [min, max]; a null bound is open. */
  z.object({ kind: z.literal('range'), min: z.number().nullable(), max: z.number().nullable() }),
  /** Text shorter or longer than allowed, in characters; a null bound is open. */
  z.object({ kind: z.literal('length'), min: z.number().int().nullable(), max: z.number().int().nullable() }),
  z.object({ kind: z.literal('choice'), choices: z.array(z.string().max(100)).max(25) }),
  z.object({ kind: z.literal('format') }),
]);
export type OptionProblem = z.infer<typeof OptionProblem>;

/** Refusals every domain may use. */
export const sharedRefusals = [
  /** The invoker lacks a Discord permission (by its discord-api-types name). */
  refusal('permission.missing', { permission: PermissionName }),
  /** An option's value failed its schema. */
  refusal('option.invalid', { option: z.string().min(1).max(32), problem: OptionProblem }),
  /** No feature handles this command (or subcommand). */
  refusal('command.unknown', { command: z.string().max(32), subcommand: z.string().max(32).nullable() }),
  /** A command the web dashboard may not invoke: only settings changes can be made there (settings.ts). */
  refusal('command.not_on_web', { command: z.string().max(32), subcommand: z.string().max(32).nullable() }),
  /** Text that is not a duration (`10m`, `1h30m`, `7d`); input is what was typed, cut to 40 characters. */
  refusal('duration.invalid', { option: z.string().max(32), input: z.string().max(40) }),
  refusal('duration.too_long', { option: z.string().max(32), maxSeconds: z.number().int().positive() }),
  refusal('duration.too_short', { option: z.string().max(32), minSeconds: z.number().int().positive() }),
] as const;
