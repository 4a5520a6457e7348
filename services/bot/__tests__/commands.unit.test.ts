import { ApplicationCommandOptionType, Locale, type APIApplicationCommandOption } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { localizedDefinitions } from '../src/commands/register.ts';

const name = /^[-_\p{Ll}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

describe('the registered commands', () => {
  const definitions = localizedDefinitions();

  it('carry a German name and description for every command, subcommand and option, within Discord’s rules', () => {
    for (const command of definitions) {
      const de = (map: { readonly [L in Locale]?: string | null | undefined } | null | undefined) =>
        map?.[Locale.German];
      expect(de(command.name_localizations), command.name).toMatch(name);
      expect(de(command.description_localizations)?.length).toBeGreaterThan(0);
      expect(de(command.description_localizations)?.length).toBeLessThanOrEqual(100);
      const check = (option: APIApplicationCommandOption, path: string) => {
        if (option.type === ApplicationCommandOptionType.Subcommand) {
          expect(de(option.name_localizations), path).toMatch(name);
          for (const o of option.options ?? []) check(o, `${path} ${o.name}`);
        }
        const description = de(option.description_localizations);
        expect(description, path).toBeTruthy();
        expect(description?.length, path).toBeLessThanOrEqual(100);
        if ('choices' in option) {
          for (const choice of option.choices ?? []) expect(de(choice.name_localizations), path).toBeTruthy();
        }
      };
      for (const option of command.options ?? []) check(option, `/${command.name} ${option.name}`);
    }
  });

  it('keep German names unique, as Discord requires', () => {
    const names = definitions.map((c) => c.name_localizations?.[Locale.German]);
    expect(new Set(names).size).toBe(names.length);
    for (const command of definitions) {
      const subs = (command.options ?? []).flatMap((o) =>
        o.type === ApplicationCommandOptionType.Subcommand ? [o.name_localizations?.[Locale.German]] : [],
      );
      expect(new Set(subs).size, command.name).toBe(subs.length);
    }
  });

  it('keep option names as declared: refusals and the docs name them', () => {
    const top = definitions.find((c) => c.name === 'karma')?.options?.find((o) => o.name === 'top');
    expect(top && 'options' in top ? top.options?.map((o) => [o.name, o.name_localizations]) : []).toEqual([
      ['count', undefined],
    ]);
  });
});
