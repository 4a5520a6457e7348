import type { birthdays as en } from '../en/birthdays.ts';
import type { Translation } from '../message.ts';

export const birthdays: Translation<typeof en> = {
  saved: 'Dein Geburtstag ist gespeichert: {date}. Nächste Ankündigung: {next} (Zeitzone {zone}), {when}.',
  removed: 'Dein Geburtstag ist entfernt.',
  noneSaved: 'Du hattest keinen Geburtstag gespeichert.',
  settingsTitle: 'Geburtstags-Einstellungen',
  settingsChannel: 'Ankündigungen',
  settingsZone: 'Zeitzone',
  announced: '🎂 Alles Gute zum Geburtstag, {user}! 🎉',
  dateInvalid: 'Der {month} hat keinen {day, number}. Tag; gib einen Tag an, den es in diesem Monat gibt.',
  zoneInvalid: '{zone} ist keine Zeitzone; nimm einen IANA-Namen wie `Europe/Berlin`.',
};
