import { runService } from '@guildhall/runtime';
import { startBot } from './app.ts';
import { loadBotConfig } from './config.ts';

// Entry point of the bot service.
await runService({ name: 'bot', loadConfig: loadBotConfig, start: (config, log) => startBot(config, log) });
