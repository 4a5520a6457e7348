/**
 * Karma commands written as a message that mentions the bot, for parity with Popple's `@Popple karma a b`,
 * `@Popple top 5`, `@Popple bot` and `@Popple announce off`.
 *
 * Unlike Popple, the command word must match exactly (case-insensitively): Popple matched by prefix, so
 * `@Popple topaz` ran `top`.
 */
import type { Refusal } from '@guildhall/events';
import type { KarmaSubject, NameProblem, ParseOptions } from './parse.ts';
import { DefaultParseOptions, checkName, parseUserMention } from './parse.ts';

/** A karma command written as a message that mentions the bot. */
export type KarmaTextCommand =
  | { kind: 'lookup'; subjects: { kind: 'name' | 'member'; key: string; display: string }[] }
  | { kind: 'leaderboard'; direction: 'top' | 'bottom'; limit: number }
  | { kind: 'announce'; enabled: boolean }
  | { kind: 'refused'; refusal: Refusal }; // a typed code the bot words: what to fix

export interface KarmaTextCommandOptions {
  /** Largest leaderboard a user may ask for. */
  maxLeaderboard: number;
  /** Leaderboard size when the user gives no number. */
  defaultLeaderboard: number;
  /** Most subjects one `karma` lookup may name. */
  maxLookupSubjects: number;
}

export const DefaultKarmaTextCommandOptions: KarmaTextCommandOptions = {
  maxLeaderboard: 25,
  defaultLeaderboard: 10,
  maxLookupSubjects: 10,
};

const ANNOUNCE_VALUES: Readonly<Record<string, boolean>> = {
  on: true,
  yes: true,
  true: true,
  off: false,
  no: false,
  false: false,
};

/** Parses `<@botId> karma a b`, `<@botId> top 5`, `<@botId> bottom`, `<@botId> announce on|off|yes|no`; null when the message does not start by mentioning the bot or names no known command. */
export function parseKarmaTextCommand(
  content: string,
  botUserId: string,
  options: KarmaTextCommandOptions = DefaultKarmaTextCommandOptions,
): KarmaTextCommand | null {
  const rest = afterBotMention(content, botUserId);
  if (rest === null) return null;
  const [word = '', ...args] = splitWords(rest);
  switch (word.toLowerCase()) {
    case 'karma':
      return parseLookup(rest.slice(word.length), options); // rest is trimmed, so it starts with the word
    case 'top':
      return parseLeaderboard('top', args, options);
    case 'bot':
    case 'bottom':
      return parseLeaderboard('bottom', args, options);
    case 'announce':
      return parseAnnounce(args);
    default:
      return null;
  }
}

/** The text after a leading `<@botId>` / `<@!botId>`, or null when the message does not start with one. */
function afterBotMention(content: string, botUserId: string): string | null {
  const trimmed = content.trimStart();
  for (const mention of [`<@${botUserId}>`, `<@!${botUserId}>`]) {
    if (trimmed.startsWith(mention)) return trimmed.slice(mention.length).trim();
  }
  return null;
}

function splitWords(text: string): string[] {
  return text.split(/\s+/u).filter((word) => word !== '');
}

function parseLeaderboard(
  direction: 'top' | 'bottom',
  args: readonly string[],
  options: KarmaTextCommandOptions,
): KarmaTextCommand {
  const [count, ...extra] = args;
  if (count === undefined) return { kind: 'leaderboard', direction, limit: options.defaultLeaderboard };
  const limit = /^\d+$/.test(count) ? Number(count) : Number.NaN;
  if (extra.length > 0 || !(limit >= 1 && limit <= options.maxLeaderboard)) {
    return refused({ code: 'karma.leaderboard.count', direction, max: options.maxLeaderboard });
  }
  return { kind: 'leaderboard', direction, limit };
}

function parseAnnounce(args: readonly string[]): KarmaTextCommand {
  const enabled = args.length === 1 && args[0] !== undefined ? ANNOUNCE_VALUES[args[0].toLowerCase()] : undefined;
  if (enabled === undefined) return refused({ code: 'karma.announce.value' });
  return { kind: 'announce', enabled };
}

/** `karma alice (multi word name) <@123>`: each subject once, in the order written. */
function parseLookup(args: string, options: KarmaTextCommandOptions): KarmaTextCommand {
  const subjects = new Map<string, KarmaSubject>();
  for (const token of lookupTokens(args)) {
    if (token === null) return refused({ code: 'karma.lookup.unclosed' });
    const subject = lookupSubject(token, DefaultParseOptions);
    if ('code' in subject) return refused(subject);
    const id = `${subject.kind}:${subject.key}`;
    if (!subjects.has(id)) subjects.set(id, subject); // the first spelling is the one shown, as in parse.ts
  }
  if (subjects.size === 0) return refused({ code: 'karma.lookup.empty' });
  if (subjects.size > options.maxLookupSubjects) {
    return refused({ code: 'karma.lookup.too_many', max: options.maxLookupSubjects });
  }
  return { kind: 'lookup', subjects: [...subjects.values()] };
}

/**
 * Splits lookup arguments into words and `(multi word)` groups; a group's balanced parentheses may nest, as in
 * karma messages. Yields null for an unclosed `(`, after which nothing more is read.
 */
function* lookupTokens(args: string): Generator<{ text: string; grouped: boolean } | null> {
  let i = 0;
  while (i < args.length) {
    if (/\s/u.test(args.charAt(i))) {
      i += 1;
    } else if (args[i] === '(') {
      const close = matchingParen(args, i);
      if (close === -1) {
        yield null;
        return;
      }
      yield { text: args.slice(i + 1, close), grouped: true };
      i = close + 1;
    } else {
      const end = args.slice(i).search(/\s/u);
      const stop = end === -1 ? args.length : i + end;
      yield { text: args.slice(i, stop), grouped: false };
      i = stop;
    }
  }
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '(') depth += 1;
    else if (text[i] === ')') depth -= 1;
    if (depth === 0) return i;
  }
  return -1;
}

const NAME_PROBLEMS: Readonly<Record<NameProblem, (options: ParseOptions) => Refusal>> = {
  empty: () => ({ code: 'karma.name.empty' }),
  mention: () => ({ code: 'karma.name.mention' }),
  'too-long': (options) => ({ code: 'karma.name.too_long', max: options.maxNameLength }),
  'no-word-characters': () => ({ code: 'karma.name.no_word' }),
};

/** A subject, or the refusal of it. A plain word loses a leading `@`, as in karma messages. */
function lookupSubject(token: { text: string; grouped: boolean }, options: ParseOptions): KarmaSubject | Refusal {
  const userId = parseUserMention(token.text);
  if (userId !== null) return { kind: 'member', key: userId, display: userId };
  // Checked before the `@` goes, so `@everyone` is refused rather than looked up as `everyone`.
  const raw =
    !token.grouped && token.text.startsWith('@') && !/^@(?:everyone|here)$/iu.test(token.text)
      ? token.text.slice(1)
      : token.text;
  const checked = checkName(raw, options);
  return checked.ok
    ? { kind: 'name', key: checked.key, display: checked.display }
    : NAME_PROBLEMS[checked.problem](options);
}

function refused(refusal: Refusal): KarmaTextCommand {
  return { kind: 'refused', refusal };
}
