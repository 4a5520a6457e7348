import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { Locales, resolveLocale, textFor, translations } from '../src/i18n/index.ts';
import { formatDuration, formatRelative } from '../src/i18n/intl.ts';

/** Every argument a message uses, with how it is formatted (`count:plural`, `total:number`, `subject:argument`). */
function argumentsOf(elements: readonly MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    switch (el.type) {
      case TYPE.argument:
        into.add(`${el.value}:argument`);
        break;
      case TYPE.number:
        into.add(`${el.value}:number`);
        break;
      case TYPE.date:
      case TYPE.time:
        into.add(`${el.value}:date`);
        break;
      case TYPE.select:
      case TYPE.plural:
        into.add(`${el.value}:${el.type === TYPE.select ? 'select' : 'plural'}`);
        for (const option of Object.values(el.options)) argumentsOf(option.value, into);
        break;
      case TYPE.tag:
        argumentsOf(el.children, into);
        break;
      default:
        break;
    }
  }
  return into;
}

describe('the shipped languages', () => {
  const english = translations.en;
  for (const locale of Locales.filter((l) => l !== 'en')) {
    for (const [domain, messages] of Object.entries(english)) {
      it(`${locale}/${domain}: every key parses and uses exactly the arguments of its English original`, () => {
        const translated = translations[locale][domain as keyof typeof english] as Record<string, string>;
        expect(Object.keys(translated).sort()).toEqual(Object.keys(messages).sort());
        for (const [key, icu] of Object.entries(messages as Record<string, string>)) {
          const theirs = translated[key] ?? '';
          expect([...argumentsOf(parse(theirs))].sort(), `${locale} ${domain}.${key}`).toEqual(
            [...argumentsOf(parse(icu))].sort(),
          );
        }
      });
    }
  }

  it('every English message parses', () => {
    for (const messages of Object.values(translations.en)) {
      for (const icu of Object.values(messages as Record<string, string>)) expect(() => parse(icu)).not.toThrow();
    }
  });

  it('formats numbers, plurals and selects per language', () => {
    expect(textFor('de').m.karma.change({ subject: 'x', delta: 1500, total: -2 })).toBe('x +1.500 → -2');
    expect(textFor('en').m.karma.leaderboardFooter({ count: 1 })).toBe('1 entry');
    expect(textFor('de').m.karma.leaderboardFooter({ count: 3 })).toBe('3 Einträge');
  });
});

describe('resolveLocale', () => {
  it('takes the member’s language, then the guild’s, then English, skipping ones Guildhall does not speak', () => {
    expect(resolveLocale('de', 'en-US')).toBe('de');
    expect(resolveLocale('en-GB', 'de')).toBe('en');
    expect(resolveLocale('fr', 'de')).toBe('de');
    expect(resolveLocale(undefined, null, 'DE')).toBe('de');
    expect(resolveLocale('ja', 'pt-BR')).toBe('en');
    expect(resolveLocale()).toBe('en');
  });
});

describe('durations and relative times', () => {
  it('speak durations in one voice: whole units written out, days only from two days on', () => {
    expect(formatDuration('en', 86_400)).toBe('24 hours');
    expect(formatDuration('en', 90)).toBe('1 minute, 30 seconds');
    expect(formatDuration('en', 3 * 86_400 + 3_600)).toBe('3 days, 1 hour');
    expect(formatDuration('de', 86_400)).toBe('24 Stunden');
    expect(formatDuration('de', 5_400)).toBe('1 Stunde, 30 Minuten');
  });

  it('read past times as past and future ones as future (issue 9 item 14: never "in 27 seconds ago")', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    expect(formatRelative('en', at(3 * 3_600), now)).toBe('in 3 hours');
    expect(formatRelative('en', at(-3 * 3_600), now)).toBe('3 hours ago');
    expect(formatRelative('en', at(-27), now)).toBe('27 seconds ago');
    expect(formatRelative('en', at(0), now)).toBe('now');
    expect(formatRelative('de', at(-27), now)).toBe('vor 27 Sekunden');
    expect(formatRelative('de', at(2 * 86_400), now)).toBe('übermorgen');
  });
});
