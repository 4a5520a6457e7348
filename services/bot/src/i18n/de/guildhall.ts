import type { guildhall as en } from '../en/guildhall.ts';
import type { Translation } from '../message.ts';

export const guildhall: Translation<typeof en> = {
  aboutTitle: 'Guildhall',
  aboutDescription: 'Ein Community-Bot für Karma, eine Wirtschaft, Levels und Moderation.',
  version: 'Version',
  uptime: 'Läuft seit',
  features: 'Funktionen',
  inThisServer: 'In diesem Server',
  karmaReplies: 'Karma-Antworten: {state}',
  earning: 'Münzen pro Nachricht: {state}',
  levelUps: 'Level-Aufstiege ankündigen: {state}',
  antiSpam: 'Anti-Spam: {state}',
  helpTitle: 'Befehle',
  helpDescription: 'Die Befehle, die du in diesem Server nutzen kannst:',
  helpRow: '`{command}` — {description}',
  featureKarma: 'Karma',
  featureEconomy: 'Wirtschaft',
  featureLevels: 'Levels',
  featureModeration: 'Moderation',
  featureWelcome: 'Begrüßung',
  featureReminders: 'Erinnerungen',
  featureTemproles: 'Befristete Rollen',
  featureBirthdays: 'Geburtstage',
  featureGuildhall: 'Hilfe und Info',
  featureDirectory: 'Serververzeichnis (für das Dashboard)',
  pagesUpdated:
    '{state, select, on {Die Seiten des Dashboards sind öffentlich: Jeder mit dem Link sieht die Bestenlisten dieses Servers.} other {Die Seiten des Dashboards sind nur für Mitglieder: Nur Mitglieder dieses Servers sehen seine Bestenlisten.}}',
  settingsChangedTitle: 'Einstellungen geändert',
  settingsChangedBy:
    '{member} hat `{command}` {via, select, web {im Web-Dashboard} other {mit einem Slash-Befehl}} geändert.',
  settingsCleared: '(ohne Optionen: geleert oder ausgeschaltet)',
};
