import { defineFeature } from '../../feature.ts';
import { karmaSlashCommand } from './commands.ts';
import { handleKarmaMessages } from './messages.ts';

/**
 * Karma: `name++`, `(multi word)--` and `@member++` in messages (set-based over each batch, ADR 6 and 7), the
 * `@Guildhall karma …` mention form, and `/karma`.
 */
export const karma = defineFeature({
  name: 'karma',
  commands: [karmaSlashCommand],
  onMessages: handleKarmaMessages,
});
