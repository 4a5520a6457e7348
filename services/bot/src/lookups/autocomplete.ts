import type { Logger } from '@guildhall/runtime';
import type { AutocompleteInteraction } from 'discord.js';
import { banList, lookupOf, suggestBanned } from './bans.ts';

/**
 * Answers an autocomplete interaction (type 4) with choices for the focused option, from the source its declaration
 * names (`lookup`); an option without one gets none. Discord waits 3 seconds for the answer and asks again as the
 * member types, so a failed look-up answers with no choices rather than not at all.
 */
export async function answerAutocomplete(interaction: AutocompleteInteraction<'cached' | 'raw'>, log: Logger) {
  const focused = interaction.options.getFocused(true);
  const lookup = lookupOf(interaction.commandName, interaction.options.getSubcommand(false), focused.name);
  let choices: Awaited<ReturnType<typeof suggestBanned>> = [];
  try {
    if (lookup === 'bans')
      choices = await suggestBanned(banList(interaction.client.rest, interaction.guildId), focused.value);
  } catch (err) {
    log.warn({ err, interactionId: interaction.id }, 'could not read the ban list to suggest from');
  }
  await interaction.respond(choices);
}
