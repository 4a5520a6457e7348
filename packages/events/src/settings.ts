/**
 * The settings surface: every subcommand that changes a guild's settings, named once. Core records each one that
 * goes through in the mod-log (`guildhall.settings.changed`, whether it came from Discord or the web dashboard) and
 * refuses anything else from the dashboard; the dashboard's forms invoke exactly these. See
 * docs/adr/0018-web-dashboard.md.
 */
import type { NoSubcommand } from './command-kit.ts';
import { type CommandSpec } from './command-kit.ts';
import { economyCommand } from './schemas/economy-commands.ts';
import { guildhallCommand } from './schemas/guildhall-commands.ts';
import { karmaCommand } from './schemas/karma-commands.ts';
import { levelsConfigCommand } from './schemas/levels-commands.ts';
import { modconfigCommand } from './schemas/moderation-commands.ts';
import { welcomeCommand } from './schemas/welcome-commands.ts';

/** One subcommand that changes settings. */
export interface SettingsChange {
  readonly command: string;
  readonly subcommand: string;
  /**
   * What an invocation without options does: `changes` (it clears or turns something off, like `/welcome off`) or
   * `shows` (it only shows the settings, like `/economy settings`: nothing to record).
   */
  readonly whenEmpty: 'changes' | 'shows';
}

/** A settings change of a declared subcommand (`tsc` checks the subcommand exists). */
function change<C extends CommandSpec & { readonly name: string }>(
  spec: C,
  subcommand: Exclude<keyof C['subcommands'] & string, typeof NoSubcommand>,
  whenEmpty: SettingsChange['whenEmpty'] = 'changes',
): SettingsChange {
  return { command: spec.name, subcommand, whenEmpty };
}

/** Every settings change, by command and subcommand. */
export const settingsChanges: readonly SettingsChange[] = [
  change(karmaCommand, 'announce'),
  change(economyCommand, 'settings', 'shows'),
  change(economyCommand, 'shop-add'),
  change(economyCommand, 'shop-remove'),
  change(levelsConfigCommand, 'xp'),
  change(levelsConfigCommand, 'announce'),
  change(levelsConfigCommand, 'reward-set'),
  change(levelsConfigCommand, 'reward-remove'),
  change(modconfigCommand, 'logchannel'),
  change(modconfigCommand, 'escalation'),
  change(modconfigCommand, 'antispam'),
  change(welcomeCommand, 'set'),
  change(welcomeCommand, 'autorole'),
  change(welcomeCommand, 'off'),
  change(guildhallCommand, 'public-pages'),
];

const byKey = new Map(settingsChanges.map((c) => [`${c.command} ${c.subcommand}`, c]));

/** The settings change an invocation is, or undefined when the subcommand changes no settings. */
export function settingsChangeOf(command: string, subcommand: string | null): SettingsChange | undefined {
  return subcommand === null ? undefined : byKey.get(`${command} ${subcommand}`);
}

/** Whether an invocation that went through changed settings (and so belongs in the mod-log). */
export function changesSettings(
  command: string,
  subcommand: string | null,
  options: Readonly<Record<string, unknown>>,
): boolean {
  const change = settingsChangeOf(command, subcommand);
  if (!change) return false;
  return change.whenEmpty === 'changes' || Object.keys(options).length > 0;
}
