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
} as const;
