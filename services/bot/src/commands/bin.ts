import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '@guildhall/runtime';
import { BotConfigSchema } from '../config.ts';
import { commandRest, currentApplicationId, registerCommands } from './register.ts';

// `pnpm --filter @guildhall/bot register-commands [--guild ID]`: registers Guildhall's slash commands globally,
// or in one guild (they show up at once there, handy while testing).
const { values } = parseArgs({ options: { guild: { type: 'string' } } });
try {
  const config = loadConfig(
    BotConfigSchema.pick({ DISCORD_TOKEN: true, DISCORD_API_BASE: true, DISCORD_APPLICATION_ID: true }),
  );
  const rest = commandRest(config.DISCORD_API_BASE, config.DISCORD_TOKEN);
  const applicationId = config.DISCORD_APPLICATION_ID ?? (await currentApplicationId(rest));
  const stored = await registerCommands(rest, { applicationId, ...(values.guild ? { guildId: values.guild } : {}) });
  const where = values.guild ? `guild ${values.guild}` : 'every guild (global; may take up to an hour to appear)';
  console.log(`Registered ${stored.map((c) => `/${c.name}`).join(', ')} for application ${applicationId} in ${where}.`);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exitCode = 1;
}
