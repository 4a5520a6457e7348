import { seedPlayground } from '../playground/seed.ts';
import { startEmulator } from '../emulator.ts';

// Local playground: `tsx packages/discord-emulator/src/bin/playground.ts`, then run the bot against it.
const port = Number(process.env.PLAYGROUND_PORT ?? 8787);
const token = process.env.PLAYGROUND_BOT_TOKEN ?? 'playground-bot-token';
const emu = await startEmulator({ port, playground: true });
const bot = emu.createBot({
  username: 'Guildhall',
  token,
  applicationId: process.env.PLAYGROUND_APPLICATION_ID ?? '1200000000000000001',
});
seedPlayground(emu, { botUserId: bot.userId });
console.log(`Playground:  ${emu.url}/`);
console.log(`Bot token:   ${token}`);
console.log(`discord.js:  new Client({ intents, rest: { api: '${emu.apiBase}' } }).login('${token}')`);
const stop = (): void => void emu.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
