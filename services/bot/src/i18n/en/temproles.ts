import { msg } from '../message.ts';

/** `/temprole`: grants, failed grants and refusals. */
export const temproles = {
  granted: msg<{ user: string; role: string; duration: string; at: string }>(
    '{user} has {role} for {duration}, until {at}.',
  ),
  failed: msg<{ user: string; role: string; reason: string }>('Guildhall could not give {user} {role}: {reason}'),
  notMember: msg<{ user: string }>('{user} is not a member of this server.'),
} as const;
