import { commandRoutes } from './commands.ts';
import { guildRoutes } from './guilds.ts';
import { interactionRoutes } from './interactions.ts';
import { messageRoutes } from './messages.ts';
import { metaRoutes } from './meta.ts';
import type { CompiledRoute } from './route.ts';
import { compile } from './route.ts';

/** Every REST route, compiled; more specific paths come first where two could match. */
export const routes: CompiledRoute[] = [
  ...metaRoutes,
  ...messageRoutes,
  ...guildRoutes,
  ...commandRoutes,
  ...interactionRoutes,
].map(compile);
