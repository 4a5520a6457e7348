import { msg } from '../message.ts';

/** Reasons Discord's audit log shows for what Guildhall does (in the guild's language). */
export const audit = {
  levelsReward: msg<{ level: number }>('Reached level {level, number}'),
  welcomeAutorole: msg('Welcome auto-role'),
  temproleGranted: msg<{ duration: string; by: string }>('Temporary role for {duration}, given by {by}'),
  temproleExpired: msg<{ duration: string }>('Temporary role ran out after {duration}'),
} as const;
