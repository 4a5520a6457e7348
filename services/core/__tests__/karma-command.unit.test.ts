import { describe, expect, it } from 'vitest';
import type { KarmaTextCommand } from '../src/features/karma/text-command.ts';
import { DefaultKarmaTextCommandOptions, parseKarmaTextCommand } from '../src/features/karma/text-command.ts';

const BOT = '999';

function lookup(...subjects: [kind: 'name' | 'member', key: string, display: string][]): KarmaTextCommand {
  return { kind: 'lookup', subjects: subjects.map(([kind, key, display]) => ({ kind, key, display })) };
}

const cases: [description: string, content: string, expected: KarmaTextCommand | null][] = [
  // Lookups.
  ['one name', '<@999> karma alice', lookup(['name', 'alice', 'alice'])],
  ['the nickname mention form', '<@!999> karma alice', lookup(['name', 'alice', 'alice'])],
  [
    'several names keep their order',
    '<@999> karma Bob alice',
    lookup(['name', 'bob', 'Bob'], ['name', 'alice', 'alice']),
  ],
  [
    'a multi-word name',
    '<@999> karma (Ice  Cream) tea',
    lookup(['name', 'ice cream', 'Ice Cream'], ['name', 'tea', 'tea']),
  ],
  ['nested parentheses', '<@999> karma ((x) y)', lookup(['name', '(x) y', '(x) y'])],
  ['member mentions', '<@999> karma <@123> <@!456>', lookup(['member', '123', '123'], ['member', '456', '456'])],
  [
    'duplicates are looked up once',
    '<@999> karma Alice alice <@1> <@!1>',
    lookup(['name', 'alice', 'Alice'], ['member', '1', '1']),
  ],
  ['a leading @ is dropped from plain words', '<@999> karma @alice', lookup(['name', 'alice', 'alice'])],
  ['the command word is case-insensitive', '<@999> KARMA café', lookup(['name', 'café', 'café'])],
  ['arguments may span lines', '<@999> karma\nalice\tbob', lookup(['name', 'alice', 'alice'], ['name', 'bob', 'bob'])],
  ['emoji names', '<@999> karma 🍕', lookup(['name', '🍕', '🍕'])],
  ['no subjects', '<@999> karma', { kind: 'refused', refusal: { code: 'karma.lookup.empty' } }],
  [
    'too many subjects',
    `<@999> karma ${'a b c d e f g h i j k'}`,
    { kind: 'refused', refusal: { code: 'karma.lookup.too_many', max: 10 } },
  ],
  [
    'an unclosed parenthesis',
    '<@999> karma (ice cream',
    { kind: 'refused', refusal: { code: 'karma.lookup.unclosed' } },
  ],
  ['a role mention', '<@999> karma <@&5>', { kind: 'refused', refusal: { code: 'karma.name.mention' } }],
  ['@everyone', '<@999> karma @everyone', { kind: 'refused', refusal: { code: 'karma.name.mention' } }],
  [
    'a name that is too long',
    `<@999> karma ${'x'.repeat(65)}`,
    { kind: 'refused', refusal: { code: 'karma.name.too_long', max: 64 } },
  ],
  ['a name of punctuation only', '<@999> karma ...', { kind: 'refused', refusal: { code: 'karma.name.no_word' } }],
  ['empty parentheses', '<@999> karma ()', { kind: 'refused', refusal: { code: 'karma.name.empty' } }],

  // Leaderboards.
  ['top with no number uses the default', '<@999> top', { kind: 'leaderboard', direction: 'top', limit: 10 }],
  ['top 5', '<@999> top 5', { kind: 'leaderboard', direction: 'top', limit: 5 }],
  ['top 25 is the maximum', '<@999> Top 25', { kind: 'leaderboard', direction: 'top', limit: 25 }],
  ['top 1 is the minimum', '<@999> top 1', { kind: 'leaderboard', direction: 'top', limit: 1 }],
  ['bot is bottom', '<@999> bot 3', { kind: 'leaderboard', direction: 'bottom', limit: 3 }],
  ['bottom', '<@!999> bottom', { kind: 'leaderboard', direction: 'bottom', limit: 10 }],
  [
    'top 26',
    '<@999> top 26',
    { kind: 'refused', refusal: { code: 'karma.leaderboard.count', direction: 'top', max: 25 } },
  ],
  [
    'top 0',
    '<@999> top 0',
    { kind: 'refused', refusal: { code: 'karma.leaderboard.count', direction: 'top', max: 25 } },
  ],
  [
    'a negative number',
    '<@999> bottom -3',
    { kind: 'refused', refusal: { code: 'karma.leaderboard.count', direction: 'bottom', max: 25 } },
  ],
  [
    'a fraction',
    '<@999> top 2.5',
    { kind: 'refused', refusal: { code: 'karma.leaderboard.count', direction: 'top', max: 25 } },
  ],
  [
    'a word',
    '<@999> top five',
    { kind: 'refused', refusal: { code: 'karma.leaderboard.count', direction: 'top', max: 25 } },
  ],
  [
    'two numbers',
    '<@999> top 5 6',
    { kind: 'refused', refusal: { code: 'karma.leaderboard.count', direction: 'top', max: 25 } },
  ],

  // Announce.
  ['announce on', '<@999> announce on', { kind: 'announce', enabled: true }],
  ['announce OFF', '<@999> announce OFF', { kind: 'announce', enabled: false }],
  ['announce yes', '<@999> announce yes', { kind: 'announce', enabled: true }],
  ['announce no', '<@999> announce no', { kind: 'announce', enabled: false }],
  ['announce true/false', '<@999> announce false', { kind: 'announce', enabled: false }],
  ['announce without a value', '<@999> announce', { kind: 'refused', refusal: { code: 'karma.announce.value' } }],
  ['announce maybe', '<@999> announce maybe', { kind: 'refused', refusal: { code: 'karma.announce.value' } }],

  // Not commands at all.
  ['topaz is not top (Popple matched prefixes)', '<@999> topaz', null],
  ['karmas is not karma', '<@999> karmas alice', null],
  ['an unknown command', '<@999> hello there', null],
  ['only the mention', '<@999>', null],
  ['another user is mentioned', '<@998> top 5', null],
  ['a longer id that starts with the bot id', '<@9999> top 5', null],
  ['the mention is not at the start', 'hey <@999> top 5', null],
  ['a role mention is not the bot', '<@&999> top 5', null],
  ['plain karma text', 'alice++', null],
];

describe('parseKarmaTextCommand', () => {
  it.each(cases)('%s: %j', (_description, content, expected) => {
    expect(parseKarmaTextCommand(content, BOT)).toEqual(expected);
  });

  it('has at least 15 table cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it('honours custom options', () => {
    const options = { maxLeaderboard: 50, defaultLeaderboard: 3, maxLookupSubjects: 2 };
    expect(parseKarmaTextCommand('<@999> top', BOT, options)).toEqual({
      kind: 'leaderboard',
      direction: 'top',
      limit: 3,
    });
    expect(parseKarmaTextCommand('<@999> top 50', BOT, options)).toEqual({
      kind: 'leaderboard',
      direction: 'top',
      limit: 50,
    });
    expect(parseKarmaTextCommand('<@999> karma a b c', BOT, options)).toEqual({
      kind: 'refused',
      refusal: { code: 'karma.lookup.too_many', max: 2 },
    });
  });

  it('exports sensible defaults', () => {
    expect(DefaultKarmaTextCommandOptions).toEqual({
      maxLeaderboard: 25,
      defaultLeaderboard: 10,
      maxLookupSubjects: 10,
    });
  });

  it('tolerates leading whitespace before the mention', () => {
    expect(parseKarmaTextCommand('  <@999>  bottom  2 ', BOT)).toEqual({
      kind: 'leaderboard',
      direction: 'bottom',
      limit: 2,
    });
  });
});
