import { ApplicationCommandOptionType as T } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { flattenMessage } from '../src/print.ts';
import { commandRequest, idOf, UsageError, type Speaker } from '../src/requests.ts';

const alice: Speaker = { guild: 'g', channel: 'c', user: 'alice', admin: false };
// A snowflake above 2^53: as a JavaScript number it would come out as 1234567890123456800.
const snowflake = '1234567890123456789';

/** Definitions of the shapes the CLI must handle, independent of how the real ones evolve. */
const definitions = [
  {
    name: 'give',
    options: [
      { type: T.User, name: 'member', required: true },
      { type: T.String, name: 'amount', required: true, max_length: 30 },
    ],
  },
  {
    name: 'karma',
    options: [
      { type: T.Subcommand, name: 'top', options: [{ type: T.Integer, name: 'count', min_value: 1, max_value: 25 }] },
      { type: T.Subcommand, name: 'announce', options: [{ type: T.Boolean, name: 'enabled', required: true }] },
    ],
  },
  {
    name: 'levels',
    options: [
      {
        type: T.SubcommandGroup,
        name: 'reward',
        options: [
          {
            type: T.Subcommand,
            name: 'add',
            options: [
              { type: T.Role, name: 'role', required: true },
              { type: T.Channel, name: 'where' },
              { type: T.Number, name: 'ratio' },
              { type: T.String, name: 'mode', choices: [{ name: 'Stack', value: 'stack' }] },
            ],
          },
        ],
      },
    ],
  },
];

const command = (text: string, who: Speaker = alice) => commandRequest(who, text, definitions).payload.command;
const fails = (text: string) => {
  try {
    commandRequest(alice, text, definitions);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`${text} was accepted`);
};

describe('command options typed by the definitions', () => {
  it('keeps user options as snowflake strings, maps names as --user does, and strings stay strings', () => {
    const request = commandRequest(alice, `/give member:${snowflake} amount:100`, definitions);
    expect(request.payload.command.options).toEqual({ member: snowflake, amount: '100' });
    expect(request.payload.users[snowflake]?.id).toBe(snowflake);

    expect(command('/give member:bob amount:5').options['member']).toBe(idOf('bob'));
    expect(command(`/give member:<@${snowflake}> amount:5`).options['member']).toBe(snowflake);
    expect(command('/give member:@bob amount:"1 000"').options).toEqual({ member: idOf('bob'), amount: '1 000' });
  });

  it('types integers, numbers and booleans, and finds subcommands and groups', () => {
    expect(command('/karma top count:5')).toEqual({
      name: 'karma',
      group: null,
      subcommand: 'top',
      options: { count: 5 },
    });
    expect(command('/karma announce enabled:false').options).toEqual({ enabled: false });
    expect(command('/karma announce enabled:yes').options).toEqual({ enabled: true });
    expect(command(`/levels reward add role:${snowflake} where:#general ratio:1.5 mode:stack`)).toEqual({
      name: 'levels',
      group: 'reward',
      subcommand: 'add',
      options: { role: snowflake, where: idOf('general'), ratio: 1.5, mode: 'stack' },
    });
  });

  it('says which option does not fit, and why', () => {
    expect(fails('/karma top count:ten')).toBe('option "count" of /karma top takes a whole number, got "ten"');
    expect(fails('/karma top count:99')).toBe('option "count" of /karma top must be at most 25, got 99');
    expect(fails('/karma announce enabled:maybe')).toMatch(/option "enabled" .* takes true or false/);
    expect(fails(`/levels reward add role:1 ratio:lots`)).toMatch(/option "ratio" .* takes a number/);
    expect(fails(`/levels reward add role:1 mode:swap`)).toMatch(/option "mode" .* takes one of stack/);
    expect(fails('/give member:bob')).toBe('/give needs amount:…');
    expect(fails('/give member:bob amount:1 colour:red')).toBe('/give has no option "colour"; it takes member, amount');
    expect(fails('/karma')).toBe('/karma needs one of: top, announce');
    expect(fails('/karma bottom')).toBe('/karma has no subcommand "bottom"; it has top, announce');
    expect(fails('/nope')).toMatch(/^unknown command "\/nope"; commands: \/give, \/karma, \/levels$/);
  });

  it('reads the real command definitions by default', () => {
    const request = commandRequest(alice, `/give member:${snowflake} amount:250`);
    expect(request.payload.command).toMatchObject({ name: 'give', options: { member: snowflake, amount: '250' } });
  });

  it('takes the user an /unban names as banned, there being no ban list to read', () => {
    const byName = commandRequest(alice, '/unban user:@carol');
    expect(byName.payload.command.options).toEqual({ user: '@carol' });
    expect(byName.payload.banned).toEqual({ user: { id: idOf('carol'), displayName: 'carol', bot: false } });
    expect(commandRequest(alice, `/unban user:<@${snowflake}>`).payload.banned?.['user']?.id).toBe(snowflake);
    expect(commandRequest(alice, `/give member:${snowflake} amount:1`).payload.banned).toBeUndefined();
  });
});

describe('what the CLI prints of a rendered message', () => {
  it('puts content and every embed part on one line', () => {
    expect(
      flattenMessage({
        content: 'Your balance',
        embeds: [{ title: 'alice', description: 'line one\nline two', fields: [{ name: 'Coins', value: '250' }] }],
      }),
    ).toBe('Your balance · alice · line one / line two · Coins: 250');
    expect(flattenMessage({ content: '**bob** +1 → 1' })).toBe('**bob** +1 → 1');
  });
});
