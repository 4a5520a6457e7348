import { msg } from '../message.ts';

/** Reasons Discord's audit log shows for what Guildhall does (in the guild's language). */
export const audit = {
  levelsReward: msg<{ level: number }>('Reached level {level, number}'),
  welcomeAutorole: msg('Welcome auto-role'),
} as const;
