import type { audit as en } from '../en/audit.ts';
import type { Translation } from '../message.ts';

export const audit: Translation<typeof en> = {
  levelsReward: 'Level {level, number} erreicht',
  welcomeAutorole: 'Automatische Rolle zur Begrüßung',
  temproleGranted: 'Zeitrolle für {duration}, vergeben von {by}',
  temproleExpired: 'Zeitrolle nach {duration} abgelaufen',
  moderationCase: 'Fall #{number} von {moderator}{given, select, yes {: {reason}} other {}}',
  moderationCaseAutomatic: 'Fall #{number} von Guildhall: {reason}',
};
