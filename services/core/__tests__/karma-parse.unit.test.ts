import { describe, expect, it } from 'vitest';
import type { KarmaChange } from '../src/features/karma/parse.ts';
import { checkName, DefaultParseOptions, normaliseName, parseKarma } from '../src/features/karma/parse.ts';

/** A name change whose key is the display lower-cased (override when that is not the point of the case). */
function name(display: string, delta: number, key = display.toLocaleLowerCase('en-US')): KarmaChange {
  return { kind: 'name', key, display, delta };
}

function member(id: string, delta: number): KarmaChange {
  return { kind: 'member', key: id, display: id, delta };
}

const FAMILY = '👨‍👩‍👧'; // man, ZWJ, woman, ZWJ, girl: one emoji, five code points
const PIZZA = '🍕'; // one code point, two UTF-16 units

const cases: [description: string, input: string, expected: KarmaChange[]][] = [
  // Popple's own cases (connorkuehl/popple parse tests) and their parity behaviour.
  ['plain increment', 'Test++', [name('Test', 1)]],
  ['plain decrement', 'Test--', [name('Test', -1)]],
  ['parenthesised multi-word name', '(Complicated Karma)--', [name('Complicated Karma', -1)]],
  ['nested parentheses keep the inner pairs', '((Nested) (sub)(ject))++', [name('(Nested) (sub)(ject)', 1)]],
  ['double parentheses remove only the outer pair', '((x))++', [name('(x)', 1)]],
  ['empty parentheses yield nothing', '()', []],
  ['leading whitespace is discarded', '   Some Spaces++', [name('Spaces', 1)]],
  ['an unclosed parenthesis restarts right after it', '(unmatched hello++', [name('hello', 1)]],
  ['an unclosed parenthesis before the name itself', '(bob++ is great', [name('bob', 1)]],
  ['operator in the middle is not karma', 'no++karma', []],
  ['karma among plain words', 'yes-- karma', [name('yes', -1)]],
  [
    'plain and parenthesised subjects mixed',
    'A number++ of (subjects with karma)--',
    [name('number', 1), name('subjects with karma', -1)],
  ],
  ['a leading operator is not karma', '++a', []],
  ['a group without an operator gives nothing', '(nothing) (something)++', [name('something', 1)]],
  ['no operators, no subjects', 'hi goodbye farewell ', []],
  ['empty input', '', []],
  ['bare operators are not subjects', '++ -- ', []],
  ['bumping empty parentheses yields nothing', '()++ ()--', []],
  ['a group with a single + is not karma', '(hi)+', []],
  ['a group keeps a leading @ (Popple parity)', '(@hi)++', [name('@hi', 1)]],
  ['a plain word drops a leading @', '@hi++', [name('hi', 1)]],
  ['@ alone is empty', '@++', []],
  ['only the last two characters are the operator', 'c+++', [name('c+', 1)]],
  ['... for decrements too', 'c---', [name('c-', -1)]],
  ['c++ in prose is karma for c', 'I write c++ for a living', [name('c', 1)]],
  ['backticks are allowed inside parentheses', '(the `x` flag)++', [name('the `x` flag', 1)]],
  ['a ) inside a code span does not close the group', '(a `)` b)++', [name('a `)` b', 1)]],
  ['opposite operations net to nothing', 'a++ a--', []],
  ['repeated operations sum', 'a++ a++', [name('a', 2)]],
  ['first-appearance order', 'b++ a-- b++ a-- c++', [name('b', 2), name('a', -2), name('c', 1)]],
  ['(a)+++ is not karma and is not reparsed', '(a)+++', []],
  ['(a)++b is not karma', '(a)++b x++', [name('x', 1)]],

  // Decision: a name needs a letter, number or symbol other than `+` (Popple would give `++` for `++++`).
  ['four pluses are not a subject', '++++', []],
  ['four minuses are not a subject', '----', []],
  ['punctuation only is not a subject', '...++ ?!-- :)++', []],
  ['a symbol is enough', '<3++ $--', [name('<3', 1), name('$', -1)]],

  // Guildhall fix: punctuation after the operator.
  ['exclamation after the operator', 'Popple++!', [name('Popple', 1)]],
  ['full stop after a decrement', 'bob--.', [name('bob', -1)]],
  ['comma in a list', 'alice++, bob++', [name('alice', 1), name('bob', 1)]],
  ['several punctuation marks', 'x++?!', [name('x', 1)]],
  ['punctuation after a group', '(a b)++.', [name('a b', 1)]],
  ['a closing parenthesis after the operator', '(a)++)', [name('a', 1)]],
  ['CJK punctuation', '日本語++。', [name('日本語', 1)]],
  ['a semicolon in prose', 'i++;', [name('i', 1)]],
  ['a bracketed aside is read, not swallowed', '(thanks bob++)', [name('bob', 1)]],
  ['a letter after the operator cancels it', 'a++b', []],
  ['an emoji after the operator cancels it', 'bob++🎉', []],

  // Guildhall fix: code is skipped and parsing continues after it.
  ['inline code is skipped', '`a++` b++', [name('b', 1)]],
  ['i++; inside a code span is not karma', 'use `i++;` here, thanks sam++', [name('sam', 1)]],
  ['double-backtick spans may contain single backticks', '``a++ ` b++`` c++', [name('c', 1)]],
  ['a fenced block is skipped and parsing continues', '```js\nx++\ny--\n```\nz++', [name('z', 1)]],
  ['a run of one is not closed by a run of two', '`a++`` b++` c++', [name('c', 1)]],
  ['an unclosed backtick is literal (Popple stopped here)', 'asdf++ ` oh hi++', [name('asdf', 1), name('hi', 1)]],
  ['an unclosed backtick inside a word stays in the name', 'it`s++', [name('it`s', 1)]],
  ['code right after a word ends the word', 'a++`x`', [name('a', 1)]],
  ['an unclosed fence is literal', '``` x++', [name('x', 1)]],

  // Guildhall fix: case-insensitive names keep the first spelling seen.
  ['case-insensitive netting keeps the first display', 'Alice++ alice++ ALICE--', [name('Alice', 1, 'alice')]],
  ['a group and a word share a key', '(Bob)++ bob++', [name('Bob', 2, 'bob')]],
  ['whitespace inside a group is collapsed', '(ice\n  cream)++ (Ice cream)++', [name('ice cream', 2)]],

  // Guildhall fix: Unicode and emoji.
  ['accented name', 'café++', [name('café', 1)]],
  ['decomposed accents are NFC-normalised and merge', 'cafe\u0301++ café++', [name('café', 2)]],
  ['emoji name', `${PIZZA}++`, [name(PIZZA, 1)]],
  ['ZWJ emoji sequence', `${FAMILY}++`, [name(FAMILY, 1)]],
  ['flag emoji', '🇯🇵--', [name('🇯🇵', -1)]],
  ['CJK name', '日本語++', [name('日本語', 1)]],
  ['Greek capitals lower-case for the key', 'ΣΟΦΙΑ++', [name('ΣΟΦΙΑ', 1, 'σοφια')]],
  ['custom Discord emoji is a name', '<:party:123>++', [name('<:party:123>', 1)]],

  // Length limit, counted in code points.
  ['64 code points is accepted', `${'a'.repeat(64)}++`, [name('a'.repeat(64), 1)]],
  ['65 code points is dropped, not truncated', `${'a'.repeat(65)}++ ok++`, [name('ok', 1)]],
  ['64 astral emoji (128 UTF-16 units) are accepted', `${PIZZA.repeat(64)}++`, [name(PIZZA.repeat(64), 1)]],
  ['65 astral emoji are dropped', `${PIZZA.repeat(65)}++`, []],
  ['the limit applies to groups', `(${'b '.repeat(32)}c)++`, []],

  // Mentions.
  ['a user mention is a member', '<@123>++', [member('123', 1)]],
  ['the nickname form merges with the plain form', '<@123>++ <@!123>++', [member('123', 2)]],
  ['a member and a name with the same text stay apart', '<@123>++ (123)++', [member('123', 1), name('123', 1)]],
  ['punctuation after a mention', 'thanks <@42>++!', [member('42', 1)]],
  ['a mention in parentheses is a member', '(<@7>)--', [member('7', -1)]],
  ['the operator must be attached to the mention', '<@123> ++', []],
  ['role mentions are ignored', '<@&123>++', []],
  ['@everyone is ignored', '@everyone++', []],
  ['@here is ignored', '@here-- @@here++ @Everyone++', []],
  ['channel mentions are ignored', '<#123>++', []],
  ['mentions inside a group are ignored', '(hi <@&1>)++ (ping @everyone)++ (<@1> and <@2>)++', []],
  ['a name containing a role mention is ignored', 'x<@&5>++', []],
  ['a word that merely starts with here is fine', '@hereford++', [name('hereford', 1)]],

  // Markdown emphasis (decision: markers wrapping the whole name are formatting, not name).
  ['bold around the name', '**alice**++', [name('alice', 1)]],
  ['bold around the whole karma', '**alice++**', [name('alice', 1)]],
  ['italic underscores', '_bob_--', [name('bob', -1)]],
  ['strike-through', '~~carol~~++', [name('carol', 1)]],
  ['snake_case is untouched', 'snake_case++', [name('snake_case', 1)]],
  ['a lone marker stays', '*dave++', [name('*dave', 1)]],

  // Not karma.
  ['a URL ending in ++', 'https://example.com/c++', []],
  ['a URL with ++ inside', 'https://example.com/a++b', []],
  ['a suppressed-embed URL', '<https://example.com/x-->', []],

  // Separators.
  ['newline-separated', 'a++\nb--\r\nc++', [name('a', 1), name('b', -1), name('c', 1)]],
  ['tab-separated', 'a++\tb++', [name('a', 1), name('b', 1)]],
  ['non-breaking space separates', 'a++\u00a0b++', [name('a', 1), name('b', 1)]],
];

describe('parseKarma', () => {
  it.each(cases)('%s: %j', (_description, input, expected) => {
    expect(parseKarma(input)).toEqual(expected);
  });

  it('has at least 50 table cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it('honours a custom maxNameLength', () => {
    expect(parseKarma('abcd++ abc++', { maxNameLength: 3 })).toEqual([name('abc', 1)]);
  });

  it('measures the key after lower-casing: 33 × `İ` fits as typed but its key is 66 code points', () => {
    const dotted = '\u0130'.repeat(33);
    expect([...dotted.toLocaleLowerCase('en-US')].length).toBe(66);
    expect(parseKarma(`${dotted}++ ok++`)).toEqual([name('ok', 1)]);
    expect(parseKarma(`${'\u0130'.repeat(32)}++`)).toEqual([
      { kind: 'name', key: 'i\u0307'.repeat(32), display: '\u0130'.repeat(32), delta: 1 },
    ]);
  });
});

describe('normaliseName', () => {
  it('trims, collapses whitespace, NFC-normalises and lower-cases the key', () => {
    expect(normaliseName('  Cafe\u0301\n Au  Lait ')).toEqual({ key: 'café au lait', display: 'Café Au Lait' });
  });

  it.each(['', '   ', '++', '...', '<@&1>', '@everyone', 'x'.repeat(DefaultParseOptions.maxNameLength + 1)])(
    'refuses %j',
    (raw) => {
      expect(normaliseName(raw)).toBeNull();
    },
  );

  it('says a name is too long when only its key is', () => {
    expect(checkName('\u0130'.repeat(33))).toEqual({ ok: false, problem: 'too-long' });
  });
});

/** mulberry32: a tiny seeded PRNG so the property checks are reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Single characters, plus a few multi-character units so operators and mentions turn up often enough to matter.
const ALPHABET = [
  '\u0130',
  'a',
  'b',
  '(',
  ')',
  '+',
  '-',
  '`',
  '@',
  '<',
  '>',
  '!',
  '.',
  ' ',
  '\n',
  PIZZA,
  FAMILY,
  'É',
  '1',
];
const UNITS = [...ALPHABET, '++', '--', ' ', '<@1>', '<@&1>', '```'];

function randomMessages(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const pick = () => UNITS[Math.floor(random() * UNITS.length)] ?? '';
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(random() * 30) }, pick).join(''));
}

describe('parseKarma properties (2,000 seeded random messages)', () => {
  const messages = randomMessages(2_000, 20_240_601);
  const results = messages.map((message) => ({ message, changes: parseKarma(message) }));

  it('never throws', () => {
    for (const message of messages) expect(() => parseKarma(message)).not.toThrow();
  });

  it('finds karma in a fair share of them (the generator is not vacuous)', () => {
    expect(results.filter(({ changes }) => changes.length > 0).length).toBeGreaterThan(100);
  });

  it('always gives lower-cased, NFC-normalised, trimmed keys', () => {
    for (const { changes } of results) {
      for (const change of changes) {
        expect(change.key).toBe(change.key.normalize('NFC').toLocaleLowerCase('en-US').trim());
        expect(change.key).not.toBe('');
      }
    }
  });

  it('never gives a zero delta, and each subject at most once', () => {
    for (const { changes } of results) {
      for (const change of changes) expect(change.delta).not.toBe(0);
      const ids = changes.map((change) => `${change.kind}:${change.key}`);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('keeps names within the length limit and members as numeric ids', () => {
    for (const { changes } of results) {
      for (const change of changes) {
        if (change.kind === 'member') expect(change.key).toMatch(/^\d+$/);
        else {
          expect([...change.display].length).toBeLessThanOrEqual(DefaultParseOptions.maxNameLength);
          expect([...change.key].length).toBeLessThanOrEqual(DefaultParseOptions.maxNameLength);
        }
      }
    }
  });

  it('is deterministic', () => {
    for (const { message, changes } of results.slice(0, 200)) expect(parseKarma(message)).toEqual(changes);
  });
});
