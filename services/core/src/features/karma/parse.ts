/**
 * The karma parser: finds `name++`, `name--`, `(multi word name)++` and `<@id>++` in a message's content.
 *
 * The parity baseline is Popple (connorkuehl/popple): words split on whitespace, a leading `@` is dropped,
 * a word ending in `++`/`--` counts ±1 with only the last two characters removed (`c+++` is `c+` +1),
 * `(multi word)++` takes a balanced parenthesised name with the outer pair removed, an unclosed `(` restarts
 * parsing right after it, empty names are dropped and amounts are netted per name per message.
 *
 * Guildhall departs from Popple where Popple misreads ordinary chat:
 * - punctuation after the operator still counts (`Popple++!`, `(a b)++.`);
 * - Markdown code spans and fenced blocks are skipped and parsing continues after them (Popple stops at the
 *   first backtick); an unclosed backtick run is a literal character, as Markdown renders it;
 * - names are case-insensitive (the key is lower-cased, the first spelling seen is the display);
 * - a name must contain at least one letter, number or symbol other than `+`, so `++++` and `----` are
 *   dropped rather than becoming the subject `++` (Popple) — an operator alone is not a thing to thank;
 * - emphasis markers wrapping the whole name (`**alice**++`, `**alice++**`, `_bob_--`) are removed, because
 *   Discord renders them as formatting, not as part of the word;
 * - a bracketed aside with no operator after it, `(thanks bob++)`, is not swallowed: parsing restarts after
 *   `(` so `bob` still gets karma (Popple discards everything up to the `)`);
 * - URLs, role/channel mentions and `@everyone`/`@here` never become subjects, user mentions become members.
 */

/** Who or what karma is given to. `member` keys are Discord user ids; `name` keys are normalised names. */
export interface KarmaSubject {
  kind: 'name' | 'member';
  key: string;
  display: string;
}

/** One subject's net change in one message. */
export interface KarmaChange {
  kind: 'name' | 'member';
  key: string;
  display: string;
  delta: number;
}

/** Options for parsing; DefaultParseOptions beside it. */
export interface ParseOptions {
  /** Longest accepted name, in Unicode code points. Longer names are dropped, never truncated. */
  maxNameLength: number;
}

export const DefaultParseOptions: ParseOptions = { maxNameLength: 64 };

/** Why a piece of text cannot be a name. */
export type NameProblem = 'empty' | 'mention' | 'too-long' | 'no-word-characters';

export type NameCheck = { ok: true; key: string; display: string } | { ok: false; problem: NameProblem };

const OPERATOR_DELTA: Readonly<Record<string, number>> = { '++': 1, '--': -1 };

/**
 * Characters that may follow an operator without cancelling it: sentence punctuation, closing brackets and
 * quotes (ASCII and CJK), and Markdown emphasis markers (`**alice++**`).
 */
const TRAILING_PUNCTUATION = new Set([...'.,!?;:)]}\'"*_~|…»”’。、，！？；：）」』】']);

/** Markdown/Discord emphasis markers: `*italic*`, `**bold**`, `_italic_`, `__underline__`, `~~strike~~`, `||spoiler||`. */
const EMPHASIS_MARKERS = new Set([...'*_~|']);

/** A Discord user mention, `<@123>` or the legacy nickname form `<@!123>`. */
const USER_MENTION = /^<@!?(\d+)>$/;

/** Mention markup that must never end up inside a name: it would ping when a name is echoed back. */
const MENTION_MARKUP = /<(?:@[!&]?|#)\d+>|@(?:everyone|here)(?![\p{L}\p{N}_])/iu;

/** A name needs something besides punctuation and operators: a letter, a number, or a symbol other than `+`. */
const WORD_CHARACTER = /[\p{L}\p{N}]|(?!\+)\p{S}/u;

const WHITESPACE = /\s/u;

/** Parses every karma operation in a message's content, nets them per subject, in first-appearance order. */
export function parseKarma(content: string, options: ParseOptions = DefaultParseOptions): KarmaChange[] {
  const changes: KarmaChange[] = [];
  for (const token of tokenize(content)) {
    const change = token.kind === 'word' ? readWord(token.text, options) : readGroup(token, options);
    if (change) changes.push(change);
  }
  return netChanges(changes);
}

/**
 * Normalises a name the way karma keys are stored: NFC, whitespace runs collapsed to one space (so a name split
 * over lines matches the same name on one line), trimmed; the key is additionally lower-cased. Null when the
 * text is not an acceptable name.
 */
export function normaliseName(
  raw: string,
  options: ParseOptions = DefaultParseOptions,
): { key: string; display: string } | null {
  const checked = checkName(raw, options);
  return checked.ok ? { key: checked.key, display: checked.display } : null;
}

/** Like normaliseName, but says why a name was refused, so commands can explain what to fix. */
export function checkName(raw: string, options: ParseOptions = DefaultParseOptions): NameCheck {
  const display = raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (display === '') return { ok: false, problem: 'empty' };
  if (MENTION_MARKUP.test(display)) return { ok: false, problem: 'mention' };
  if (codePointLength(display) > options.maxNameLength) return { ok: false, problem: 'too-long' };
  if (!WORD_CHARACTER.test(display)) return { ok: false, problem: 'no-word-characters' };
  const key = display.toLocaleLowerCase('en-US').normalize('NFC');
  // Lower-casing can lengthen a name (`İ` becomes `i` plus a combining dot), and the key is what is stored.
  if (codePointLength(key) > options.maxNameLength) return { ok: false, problem: 'too-long' };
  return { ok: true, key, display };
}

/** The user id in `<@123>` / `<@!123>`, or null when the text is not exactly a user mention. */
export function parseUserMention(text: string): string | null {
  return USER_MENTION.exec(text)?.[1] ?? null;
}

/** Turns the text of one subject (a word body or a group's inside) into a member or a name subject. */
export function subjectFromText(text: string, options: ParseOptions = DefaultParseOptions): KarmaSubject | null {
  const userId = parseUserMention(text);
  if (userId !== null) return { kind: 'member', key: userId, display: userId };
  const name = normaliseName(text, options);
  return name ? { kind: 'name', ...name } : null;
}

// ---------------------------------------------------------------------------------------------------------
// Tokenising

type Token = { kind: 'word'; text: string } | { kind: 'group'; inside: string; tail: string };

/**
 * Splits a message into words and parenthesised groups, skipping whitespace and code. Code spans and paren
 * pairs are found up front so that restarting after an unmatched `(` never rescans the message (a message of
 * many `(` would otherwise cost quadratic time).
 */
function* tokenize(text: string): Generator<Token> {
  const codeSpans = findCodeSpans(text);
  const parenPairs = findParenPairs(text, codeSpans);
  let i = 0;
  while (i < text.length) {
    const spanEnd = codeSpans.get(i);
    if (spanEnd !== undefined) {
      i = spanEnd;
    } else if (isSpace(text, i)) {
      i += 1;
    } else if (text[i] === '(') {
      i = yield* groupAt(text, i, parenPairs.get(i), codeSpans);
    } else {
      const end = wordEnd(text, i, codeSpans);
      yield { kind: 'word', text: text.slice(i, end) };
      i = end;
    }
  }
}

/** Handles a `(` at the start of a token; returns where tokenising continues. */
function* groupAt(
  text: string,
  open: number,
  close: number | undefined,
  codeSpans: ReadonlyMap<number, number>,
): Generator<Token, number> {
  if (close === undefined) return open + 1; // unclosed: restart right after it, like Popple
  const tailEnd = wordEnd(text, close + 1, codeSpans);
  const tail = text.slice(close + 1, tailEnd);
  if (operatorAt(tail)?.index === 0) {
    yield { kind: 'group', inside: text.slice(open + 1, close), tail };
    return tailEnd;
  }
  // `(a)+++` or `(a)++b`: an operator-like tail that is not karma. Like Popple, drop the whole thing rather
  // than reparsing its inside into an odd name such as `a)+`.
  if (tail.startsWith('+') || tail.startsWith('-')) return tailEnd;
  // A plain aside, `(thanks bob++)`: read its inside as ordinary words.
  return open + 1;
}

/** A word runs to the next whitespace or the start of a code span (code separates words, as it renders). */
function wordEnd(text: string, start: number, codeSpans: ReadonlyMap<number, number>): number {
  let end = start;
  while (end < text.length && !isSpace(text, end) && !codeSpans.has(end)) end += 1;
  return end;
}

/** Every delimiter is ASCII and every Unicode space is in the BMP, so scanning UTF-16 units is safe. */
function isSpace(text: string, index: number): boolean {
  return WHITESPACE.test(text.charAt(index));
}

/**
 * Markdown code spans, fenced blocks included: a run of N backticks is closed by the next run of exactly N
 * backticks; a run with no closer is literal text. Returns opening index -> index just past the closing run.
 */
function findCodeSpans(text: string): Map<number, number> {
  const runs = [...text.matchAll(/`+/g)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    length: match[0].length,
  }));

  // The next run of the same length after each run, found in one backwards pass.
  const closerOf = new Map<number, { index: number; end: number }>();
  const nextOfLength = new Map<number, { index: number; end: number }>();
  for (const [index, run] of [...runs.entries()].reverse()) {
    const next = nextOfLength.get(run.length);
    if (next) closerOf.set(index, next);
    nextOfLength.set(run.length, { index, end: run.end });
  }

  // Left to right, an opener swallows everything up to its closer, including runs of other lengths.
  const spans = new Map<number, number>();
  let insideUntil = -1;
  for (const [index, run] of runs.entries()) {
    const closer = closerOf.get(index);
    if (index <= insideUntil || !closer) continue;
    spans.set(run.start, closer.end);
    insideUntil = closer.index;
  }
  return spans;
}

/** Matches every `(` to its balancing `)`, ignoring parentheses inside code spans. Unclosed `(` are absent. */
function findParenPairs(text: string, codeSpans: ReadonlyMap<number, number>): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: number[] = [];
  let i = 0;
  while (i < text.length) {
    const spanEnd = codeSpans.get(i);
    if (spanEnd !== undefined) {
      i = spanEnd;
      continue;
    }
    if (text[i] === '(') open.push(i);
    else if (text[i] === ')') {
      const opener = open.pop();
      if (opener !== undefined) pairs.set(opener, i);
    }
    i += 1;
  }
  return pairs;
}

// ---------------------------------------------------------------------------------------------------------
// Reading tokens

/**
 * The delta of a token's operator, when the token ends with `++`/`--` plus only trailing punctuation;
 * null otherwise (`a++b`, `a+`, `a+++x`). The operator's start index is returned with it.
 */
function operatorAt(text: string): { delta: number; index: number } | null {
  let end = text.length;
  while (end > 0 && TRAILING_PUNCTUATION.has(text.charAt(end - 1))) end -= 1;
  if (end < 2) return null;
  const delta = OPERATOR_DELTA[text.slice(end - 2, end)];
  return delta === undefined ? null : { delta, index: end - 2 };
}

/** `(inside)++` → a subject named `inside` (Popple keeps a leading `@` inside parentheses, and so do we). */
function readGroup(token: { inside: string; tail: string }, options: ParseOptions): KarmaChange | null {
  const operator = operatorAt(token.tail);
  if (operator?.index !== 0) return null; // the operator must touch the `)`
  const subject = subjectFromText(token.inside, options);
  return subject ? { ...subject, delta: operator.delta } : null;
}

/** A plain word: `name++`, `@name--`, `<@123>++`, `**name**++!`. */
function readWord(word: string, options: ParseOptions): KarmaChange | null {
  const operator = operatorAt(word);
  if (!operator) return null;
  const body = stripEmphasis(word.slice(0, operator.index), word.slice(operator.index + 2));
  if (body.includes('://')) return null; // a URL that happens to end in ++ (`https://x.org/c++`)
  // Checked before the leading `@` goes, or `@everyone++` would become the harmless-looking name `everyone`.
  if (MENTION_MARKUP.test(body) && parseUserMention(body) === null) return null;
  const subject = subjectFromText(body.startsWith('@') ? body.slice(1) : body, options);
  return subject ? { ...subject, delta: operator.delta } : null;
}

/**
 * Removes emphasis markers wrapping the whole name: the leading run must be closed by its mirror image either
 * at the end of the name (`**alice**++`) or straight after the operator (`**alice++**`). A lone or unbalanced
 * marker (`*alice++`, `snake_case++`) is part of the name.
 */
function stripEmphasis(body: string, afterOperator: string): string {
  let openLength = 0;
  while (openLength < body.length && EMPHASIS_MARKERS.has(body.charAt(openLength))) openLength += 1;
  if (openLength === 0 || openLength === body.length) return body;
  const opener = body.slice(0, openLength);
  const closer = [...opener].reverse().join('');
  if (body.length > 2 * openLength && body.endsWith(closer)) return body.slice(openLength, body.length - openLength);
  if (afterOperator.startsWith(closer)) return body.slice(openLength);
  return body;
}

// ---------------------------------------------------------------------------------------------------------
// Netting

/** Sums deltas per subject; keeps the first display seen and first-appearance order; drops net zeros. */
function netChanges(changes: readonly KarmaChange[]): KarmaChange[] {
  const bySubject = new Map<string, KarmaChange>();
  for (const change of changes) {
    const id = `${change.kind}:${change.key}`;
    const seen = bySubject.get(id);
    if (seen) seen.delta += change.delta;
    else bySubject.set(id, { ...change });
  }
  return [...bySubject.values()].filter((change) => change.delta !== 0);
}

function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}
