import { commandDefinitions } from '@guildhall/events';
import {
  Locale,
  type APIApplication,
  type APIApplicationCommand,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { REST, Routes } from 'discord.js';
import { localize } from '../i18n/commands.ts';
import { commands as german } from '../i18n/de/commands.ts';

/** Every command, with the names and descriptions of every language Guildhall speaks besides English. */
export function localizedDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commandDefinitions.map((definition) => localize(definition, [[Locale.German, german]]));
}

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
  definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[] = localizedDefinitions(),
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
