/**
 * Messages as typed values: an ICU MessageFormat string (plurals, selects, numbers) with the type of the arguments
 * it takes. English declares each message with its arguments; every other locale is a table of strings over the
 * same keys (`Translation<typeof en.karma>`), so a missing key is a `tsc` error, and i18n.unit.test.ts checks that
 * each translation parses and uses exactly the arguments of its English original.
 */

/** A value an argument may take. */
export type ArgValue = string | number | bigint;

/** An English message and the arguments it takes (the type parameter exists for the compiler only). */
export interface Message<A extends Record<string, ArgValue> = Record<never, never>> {
  readonly icu: string;
  /** Phantom: never set, only read by the type system. */
  readonly args?: A;
}

/** Declares an English message taking arguments `A`. */
export function msg<A extends Record<string, ArgValue> = Record<never, never>>(icu: string): Message<A> {
  return { icu };
}

/** One domain's English messages. */
export type Messages = Readonly<Record<string, Message<Record<string, ArgValue>>>>;

/** A translation of one domain: the same keys, each an ICU string with the same arguments. */
export type Translation<M extends Messages> = { readonly [K in keyof M]: string };

/** The arguments of a message. */
export type ArgsOf<M> = M extends Message<infer A> ? A : never;
