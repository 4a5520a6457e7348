import { msg } from '../message.ts';

/** Reasons Discord's audit log shows for what Guildhall does (in the guild's language). */
export const audit = {
  levelsReward: msg<{ level: number }>('Reached level {level, number}'),
  welcomeAutorole: msg('Welcome auto-role'),
  temproleGranted: msg<{ duration: string; by: string }>('Temporary role for {duration}, given by {by}'),
  temproleExpired: msg<{ duration: string }>('Temporary role ran out after {duration}'),
  moderationCase: msg<{ number: string; moderator: string; reason: string; given: string }>(
    'Case #{number} by {moderator}{given, select, yes {: {reason}} other {}}',
  ),
  moderationCaseAutomatic: msg<{ number: string; reason: string }>('Case #{number} by Guildhall: {reason}'),
} as const;
