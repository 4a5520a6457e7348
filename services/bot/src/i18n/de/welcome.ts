import type { welcome as en } from '../en/welcome.ts';
import type { Translation } from '../message.ts';

export const welcome: Translation<typeof en> = {
  defaultGreeting: 'Willkommen auf {server}, {user}! Du bist Mitglied Nr. {count}.',
  someServer: 'dem Server',
  settingsTitle: '{changed, select, yes {Begrüßung geändert} other {Begrüßung}}',
  greeting: 'Begrüßung',
  greetingIn: 'In {channel}',
  message: 'Nachricht',
  defaultMessage: 'Die Vorlage von Guildhall, in der Sprache des Servers: {preview}',
  autoRole: 'Automatische Rolle',
  none: 'Keine',
  templatePlaceholder: '{name} ist kein Platzhalter, den Guildhall kennt; nimm {placeholders}.',
  templateTooMany: 'Nimm höchstens {max, number} Platzhalter in eine Begrüßung.',
};
