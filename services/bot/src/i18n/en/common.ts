import { msg } from '../message.ts';

/** Shared refusals and words every feature uses. */
export const common = {
  permissionMissing: msg<{ permission: string }>('You need the **{permission}** permission for that.'),
  optionMissing: msg<{ option: string }>('Give a value for `{option}`.'),
  optionType: msg<{ option: string; expected: string }>(
    '`{option}` must be {expected, select, integer {a whole number} number {a number} boolean {true or false} snowflake {a member, role or channel} other {text}}.',
  ),
  optionRange: msg<{ option: string; bounds: string; min: number; max: number }>(
    '`{option}` must be {bounds, select, both {from {min, number} to {max, number}} min {at least {min, number}} max {at most {max, number}} other {a number}}.',
  ),
  optionLength: msg<{ option: string; bounds: string; min: number; max: number }>(
    '`{option}` must be {bounds, select, both {{min, number} to {max, number} characters long} min {at least {min, number} characters long} max {at most {max, number} characters long} other {text}}.',
  ),
  optionChoice: msg<{ option: string; choices: string }>('`{option}` must be one of {choices}.'),
  optionFormat: msg<{ option: string }>('`{option}` is not in a form Guildhall understands.'),
  commandUnknown: msg<{ command: string }>(
    "Guildhall doesn't know `{command}`. Its commands may have changed; try again in a minute.",
  ),
  commandNotOnWeb: msg<{ command: string }>('`{command}` can only be used on Discord, not on the dashboard.'),
  durationInvalid: msg<{ input: string }>('{input} is not a duration; write it like `10m`, `1h30m`, `7d` or `2w`.'),
  durationTooLong: msg<{ option: string; max: string }>('That is too long for `{option}`: at most {max}.'),
  durationTooShort: msg<{ option: string; min: string }>('That is too short for `{option}`: at least {min}.'),
  roleEveryone: msg('Everyone already has @everyone; choose another role.'),
  roleManaged: msg('That role is managed by an integration, so nobody can give it by hand.'),
  roleAboveBot: msg("That role is not below Guildhall's highest role; move Guildhall's role above it first."),
  roleAboveInvoker: msg('That role is not below your highest role, so you cannot give it.'),
  roleDangerous: msg<{ permissions: string }>(
    'That role carries {permissions}, too powerful for Guildhall to hand out.',
  ),
  roleUnknown: msg('Guildhall could not check that role; try again.'),
  actionRejected: msg<{ discordCode: string }>(
    '{discordCode, select, 50013 {Guildhall is missing a permission for that, or its role is not high enough.} 10011 {That role no longer exists.} 10007 {That member is no longer in the server.} 10026 {That user is not banned (any more).} other {Discord refused it (error {discordCode}).}}',
  ),
  more: msg<{ count: number }>('…and {count, number} more'),
  on: msg('on'),
  off: msg('off'),
} as const;
