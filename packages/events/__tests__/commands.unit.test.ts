import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { commandDefinitions, commands, optionsSchema, privacyOf, type OptionsFor } from '../src/index.ts';

describe('the command declarations', () => {
  it('are keyed by their own names', () => {
    for (const [key, spec] of Object.entries(commands)) {
      expect(spec.name).toBe(key);
      expect(spec.definition.name).toBe(key);
    }
  });

  it("follow Discord's rules: names, lengths, required options first", () => {
    const name = /^[-_\p{Ll}\p{N}]{1,32}$/u;
    for (const definition of commandDefinitions) {
      expect(definition.name).toMatch(name);
      expect(definition.description.length).toBeLessThanOrEqual(100);
      const leaves = (definition.options ?? []).flatMap((o) =>
        o.type === ApplicationCommandOptionType.Subcommand ? [o.options ?? []] : [],
      );
      const own = (definition.options ?? []).filter((o) => o.type !== ApplicationCommandOptionType.Subcommand);
      for (const options of [...leaves, own]) {
        const required = options.map((o) => 'required' in o && o.required === true);
        expect(required, definition.name).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
        for (const o of options) {
          expect(o.name).toMatch(name);
          expect(o.description.length).toBeLessThanOrEqual(100);
        }
      }
    }
  });

  it('pair each option with a schema that accepts what Discord sends and requires what it requires', () => {
    const schema = optionsSchema(commands.karma.subcommands.top);
    expect(schema.safeParse({}).success).toBe(true);
    expect(schema.safeParse({ count: 25 }).success).toBe(true);
    expect(schema.safeParse({ count: 26 }).success).toBe(false);
    expect(schema.safeParse({ count: 2.5 }).success).toBe(false);
    expect(schema.safeParse({ cnt: 2 }).success).toBe(false);
    const get = optionsSchema(commands.karma.subcommands.get);
    expect(get.safeParse({}).success).toBe(false);
    expect(get.safeParse({ names: 'a' }).success).toBe(true);
    const escalation = optionsSchema(commands.modconfig.subcommands.escalation);
    expect(escalation.safeParse({ warns: 3, days: 7, action: 'kick' }).success).toBe(true);
    expect(escalation.safeParse({ warns: 3, days: 7, action: 'nuke' }).success).toBe(false);
  });

  it('declare who sees each answer; unknown commands answer privately', () => {
    expect(privacyOf('karma', 'top')).toBe('public');
    expect(privacyOf('karma', 'history')).toBe('private');
    expect(privacyOf('balance', null)).toBe('private');
    expect(privacyOf('give', null)).toBe('public');
    expect(privacyOf('nope', null)).toBe('private');
    expect(privacyOf('karma', 'nope')).toBe('private');
  });

  it('type the options of a command without subcommands (a handler of /purge gets its count)', () => {
    const purge: OptionsFor<typeof commands.purge, ''> = { count: 5 };
    // @ts-expect-error count is a number, as declared
    const wrong: OptionsFor<typeof commands.purge, ''> = { count: '5' };
    expect(optionsSchema(commands.purge.subcommands['']).parse(purge)).toEqual({ count: 5 });
    expect(optionsSchema(commands.purge.subcommands['']).safeParse(wrong).success).toBe(false);
  });

  it('declare /unban’s user as a ban-list look-up Discord asks the bot to complete', () => {
    const user = commands.unban.subcommands[''].options?.user;
    expect(user?.lookup).toBe('bans');
    expect(user?.definition).toMatchObject({
      type: ApplicationCommandOptionType.String,
      autocomplete: true,
      max_length: 100,
    });
    expect(commands.cases.subcommands[''].options?.member.definition.required).toBe(false);
  });
});
