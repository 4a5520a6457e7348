import { msg } from '../message.ts';

/** `/guildhall about` and `/help`. */
export const guildhall = {
  aboutTitle: msg('Guildhall'),
  aboutDescription: msg('A community bot for karma, an economy, levels and moderation.'),
  version: msg('Version'),
  uptime: msg('Up for'),
  features: msg('Features'),
  inThisServer: msg('In this server'),
  karmaReplies: msg<{ state: string }>('Karma replies: {state}'),
  earning: msg<{ state: string }>('Coins per message: {state}'),
  levelUps: msg<{ state: string }>('Level-up announcements: {state}'),
  antiSpam: msg<{ state: string }>('Anti-spam: {state}'),
  helpTitle: msg('Commands'),
  helpDescription: msg('The commands you can use in this server:'),
  helpRow: msg<{ command: string; description: string }>('`{command}` — {description}'),
  featureKarma: msg('Karma'),
  featureEconomy: msg('Economy'),
  featureLevels: msg('Levels'),
  featureModeration: msg('Moderation'),
  featureWelcome: msg('Welcome'),
  featureReminders: msg('Reminders'),
  featureTemproles: msg('Temporary roles'),
  featureBirthdays: msg('Birthdays'),
  featureGuildhall: msg('Help and about'),
  featureDirectory: msg('Server directory (for the dashboard)'),
  pagesUpdated: msg<{ state: string }>(
    "{state, select, on {The dashboard's pages are public: anyone with the link can see this server's leaderboards.} other {The dashboard's pages are for members only: only members of this server can see its leaderboards.}}",
  ),
  settingsChangedTitle: msg('Settings changed'),
  settingsChangedBy: msg<{ member: string; command: string; via: string }>(
    '{member} changed `{command}` {via, select, web {on the web dashboard} other {with a slash command}}.',
  ),
  settingsCleared: msg('(no options: cleared or turned off)'),
} as const;
