import { fileURLToPath } from 'node:url';
import { openPlayground } from '../playground/seed.ts';
import { startEmulator } from '../emulator.ts';

// Local playground without the rest of Guildhall: `tsx packages/discord-emulator/src/bin/playground.ts [--fresh]`,
// then run a bot against it. The guild keeps its ids across restarts (see openPlayground).
const port = Number(process.env.PLAYGROUND_PORT ?? 8787);
const token = process.env.PLAYGROUND_BOT_TOKEN ?? 'playground-bot-token';
const identityFile =
  process.env.PLAYGROUND_IDENTITY_FILE ??
  fileURLToPath(new URL('../../../../.playground/identity.json', import.meta.url));
const emu = await startEmulator({ port, playground: true });
openPlayground(emu, { token, identityFile, fresh: process.argv.includes('--fresh') });
console.log(`Playground:  ${emu.url}/`);
console.log(`Bot token:   ${token}`);
console.log(`discord.js:  new Client({ intents, rest: { api: '${emu.apiBase}' } }).login('${token}')`);
const stop = (): void => void emu.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
