import { commandDefinitions, type CommandDefinition } from '@guildhall/events';
import type { APIApplication, APIApplicationCommand } from 'discord-api-types/v10';
import { REST, Routes } from 'discord.js';

/** A REST client for registering commands outside a running bot (scripts, tests, the playground). */
export function commandRest(apiBase: string, token: string): REST {
  return new REST({ api: apiBase }).setToken(token);
}

/** Where commands go: every guild (global commands take a while to appear) or one guild (at once, for testing). */
export interface RegisterTarget {
  applicationId: string;
  guildId?: string;
}

/**
 * Replaces the application's commands with Guildhall's definitions (a bulk PUT, so renamed or removed commands
 * disappear too). Returns what Discord stored.
 */
export async function registerCommands(
  rest: REST,
  target: RegisterTarget,
  definitions: readonly CommandDefinition[] = commandDefinitions,
): Promise<APIApplicationCommand[]> {
  const route = target.guildId
    ? Routes.applicationGuildCommands(target.applicationId, target.guildId)
    : Routes.applicationCommands(target.applicationId);
  return (await rest.put(route, { body: definitions })) as APIApplicationCommand[];
}

/** The application the bot token belongs to. */
export async function currentApplicationId(rest: REST): Promise<string> {
  return ((await rest.get(Routes.currentApplication())) as APIApplication).id;
}
