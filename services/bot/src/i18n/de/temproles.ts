import type { temproles as en } from '../en/temproles.ts';
import type { Translation } from '../message.ts';

export const temproles: Translation<typeof en> = {
  granted: '{user} hat {role} für {duration}, bis {at}.',
  failed: 'Guildhall konnte {user} die Rolle {role} nicht geben: {reason}',
  notMember: '{user} ist kein Mitglied dieses Servers.',
};
