/**
 * Every slash command Guildhall registers, composed from each domain's declarations (schemas/*-commands.ts). The
 * bot registers `commandDefinitions` and defers by `privacyOf`; core routes invocations to the feature that
 * declared the command. To add a command: declare it beside its domain's schemas and add it here.
 */
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { subcommandOf, type CommandSpec, type Privacy } from './command-kit.ts';
import { economyCommands } from './schemas/economy-commands.ts';
import { guildhallCommand, helpCommand } from './schemas/guildhall-commands.ts';
import { karmaCommand } from './schemas/karma-commands.ts';
import { levelsCommands } from './schemas/levels-commands.ts';
import { moderationCommands } from './schemas/moderation-commands.ts';
import { birthdayCommand, remindCommand, tempRoleCommand } from './schemas/reminders-commands.ts';
import { welcomeCommand } from './schemas/welcome-commands.ts';

export * from './command-kit.ts';
export * from './schemas/karma-commands.ts';
export * from './schemas/economy-commands.ts';
export * from './schemas/levels-commands.ts';
export * from './schemas/moderation-commands.ts';
export * from './schemas/welcome-commands.ts';
export * from './schemas/reminders-commands.ts';
export * from './schemas/guildhall-commands.ts';

/** Declared commands keyed by their names, keeping each one's precise type. */
function byName<const C extends readonly (CommandSpec & { readonly name: string })[]>(
  ...specs: C
): { readonly [S in C[number] as S['name']]: S } {
  return Object.fromEntries(specs.map((spec) => [spec.name, spec])) as { readonly [S in C[number] as S['name']]: S };
}

/** Every command, keyed by name. */
export const commands = byName(
  karmaCommand,
  ...economyCommands,
  ...levelsCommands,
  ...moderationCommands,
  welcomeCommand,
  remindCommand,
  tempRoleCommand,
  birthdayCommand,
  guildhallCommand,
  helpCommand,
);

/** A command's name. */
export type CommandName = keyof typeof commands;

/** Every command as Discord takes it (English; the bot adds translations when it registers them). */
export const commandDefinitions: RESTPostAPIChatInputApplicationCommandsJSONBody[] = Object.values(commands).map(
  (spec: CommandSpec) => spec.definition,
);

/** The declared command of a name, if any. */
export function commandSpec(name: string): CommandSpec | undefined {
  return Object.hasOwn(commands, name) ? (commands[name as CommandName] as CommandSpec) : undefined;
}

/**
 * Whether an invocation's answer is private (ephemeral) or public. Unknown commands and subcommands answer
 * privately: the answer will be a refusal.
 */
export function privacyOf(name: string, subcommand: string | null): Privacy {
  const spec = commandSpec(name);
  return (spec && subcommandOf(spec, subcommand)?.privacy) ?? 'private';
}
