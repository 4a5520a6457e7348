import { settingsChanges } from '@guildhall/events';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../src/cursor.ts';
import { checkForms, durationText, fieldOf, formOf, Forms, optionsFromForm } from '../src/settings.ts';
import { FieldLabels } from '../src/views/settings.tsx';

const form = (section: string, id: string) => {
  const found = formOf(section, id);
  if (!found) throw new Error(`no form ${section}/${id}`);
  return found;
};

describe('the settings forms', () => {
  it('cover every settings change, each field a declared option with a label', () => {
    expect(() => checkForms()).not.toThrow();
    expect(Forms.map((f) => `${f.command.name} ${f.subcommand}`).sort()).toEqual(
      settingsChanges.map((c) => `${c.command} ${c.subcommand}`).sort(),
    );
    for (const f of Forms) for (const name of f.fields) expect(FieldLabels[name], `${f.id}.${name}`).toBeDefined();
  });

  it('take their fields from the declarations: types, bounds, choices, required', () => {
    expect(fieldOf(form('moderation', 'antispam'), 'seconds')).toEqual({
      name: 'seconds',
      kind: 'integer',
      required: true,
      min: 1,
      max: 60,
    });
    expect(fieldOf(form('moderation', 'antispam'), 'action')).toEqual({
      name: 'action',
      kind: 'choice',
      required: true,
      choices: ['warn', 'timeout'],
    });
    expect(fieldOf(form('economy', 'currency'), 'currency_name')).toEqual({
      name: 'currency_name',
      kind: 'text',
      required: false,
      minLength: 1,
      maxLength: 32,
    });
    expect(fieldOf(form('economy', 'shop-add'), 'role')).toMatchObject({ kind: 'role', required: true });
  });

  it('turn a submitted form into options as Discord sends them: typed where they parse, text otherwise', () => {
    const antispam = form('moderation', 'antispam');
    expect(
      optionsFromForm(
        antispam,
        { messages: ' 5 ', seconds: 'ten', mentions: '', action: 'warn', duration: '10m', _csrf: 'x', extra: '1' },
        undefined,
      ),
    ).toEqual({ messages: 5, seconds: 'ten', action: 'warn', duration: '10m' });
    expect(optionsFromForm(form('karma', 'karma-announce'), { enabled: 'false' }, undefined)).toEqual({
      enabled: false,
    });
    expect(optionsFromForm(form('karma', 'karma-announce'), { enabled: 'nope' }, undefined)).toEqual({
      enabled: 'nope',
    });
    // A field that is not a string (a repeated field parses as a list) is not a value.
    expect(optionsFromForm(antispam, { messages: ['1', '2'] }, undefined)).toEqual({});
  });

  it('send only what changed in a form of optional options (an omitted option keeps its value)', () => {
    const stored = {
      currency_name: 'coins',
      currency_symbol: '🪙',
      earn_amount: '1',
      earn_cooldown: '60',
      daily_amount: '100',
    };
    const currency = form('economy', 'currency');
    expect(optionsFromForm(currency, { ...stored, currency_name: 'gems', earn_cooldown: '30' }, stored)).toEqual({
      currency_name: 'gems',
      earn_cooldown: 30,
    });
    expect(optionsFromForm(currency, stored, stored)).toEqual({});
  });

  it('show stored durations as the duration options take them', () => {
    expect(durationText(600)).toBe('10m');
    expect(durationText(5400)).toBe('1h30m');
    expect(durationText(90_061)).toBe('1d1h1m1s');
    expect(durationText(0)).toBe('');
  });
});

describe('leaderboard cursors in URLs', () => {
  it('round-trip, and anything else reads as no cursor (the first page)', () => {
    const cursor = { score: '-12', key: '2:ice cream', position: 50, rank: 48 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    for (const bad of [undefined, '', 'nonsense', Buffer.from('{"s":"1e9","k":"a","p":1,"r":1}').toString('base64url')])
      expect(decodeCursor(bad)).toBeNull();
  });
});
