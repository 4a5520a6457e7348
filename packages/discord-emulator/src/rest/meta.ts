import { ApplicationFlags } from 'discord-api-types/v10';
import type { APIApplication, RESTGetAPIGatewayBotResult } from 'discord-api-types/v10';
import { Errors } from '../errors.ts';
import type { Route } from './route.ts';
import { actorUserId, bodyObject, botActor } from './route.ts';

/** Gateway discovery, the current user/application, users, channels and DMs. */
export const metaRoutes: Route[] = [
  {
    method: 'GET',
    path: '/gateway',
    auth: 'none',
    handler: ({ core }) => ({ body: { url: core.config.gatewayUrl() } }),
  },
  {
    method: 'GET',
    path: '/gateway/bot',
    auth: 'bot',
    handler: (ctx) => {
      const { core } = ctx;
      const body: RESTGetAPIGatewayBotResult = {
        url: core.config.gatewayUrl(),
        shards: core.config.recommendedShards,
        session_start_limit: core.gateway.sessionStartLimit(botActor(ctx).userId),
      };
      return { body };
    },
  },
  {
    method: 'GET',
    path: '/users/@me',
    auth: 'any',
    handler: (ctx) => ({
      body: { ...ctx.core.model.userJSON(actorUserId(ctx)), verified: true, mfa_enabled: false, flags: 0 },
    }),
  },
  {
    method: 'GET',
    path: '/users/:user_id',
    auth: 'any',
    handler: ({ core, params }) => ({ body: core.model.userJSON(params.user_id ?? '') }),
  },
  {
    method: 'GET',
    path: '/applications/@me',
    auth: 'bot',
    handler: (ctx) => ({ body: application(ctx.core.model.user(botActor(ctx).userId).username, botActor(ctx), ctx) }),
  },
  {
    method: 'GET',
    path: '/oauth2/applications/@me',
    auth: 'bot',
    handler: (ctx) => ({ body: application(ctx.core.model.user(botActor(ctx).userId).username, botActor(ctx), ctx) }),
  },
  {
    method: 'POST',
    path: '/users/@me/channels',
    auth: 'any',
    handler: (ctx) => {
      const recipient = bodyObject(ctx).recipient_id;
      if (typeof recipient !== 'string') throw Errors.unknownUser();
      ctx.core.model.user(recipient);
      const channel = ctx.core.model.dmChannel(actorUserId(ctx), recipient);
      return { body: ctx.core.model.channelJSON(channel.id) };
    },
  },
  {
    method: 'GET',
    path: '/channels/:channel_id',
    auth: 'any',
    handler: ({ core, params }) => ({ body: core.model.channelJSON(params.channel_id ?? '') }),
  },
  {
    method: 'POST',
    path: '/channels/:channel_id/typing',
    auth: 'any',
    handler: ({ core, params }) => {
      core.model.channel(params.channel_id ?? '');
      return {};
    },
  },
];

function application(
  name: string,
  bot: { userId: string; applicationId: string },
  ctx: Parameters<Route['handler']>[0],
): APIApplication {
  const owner = ctx.core.model.userJSON(bot.userId);
  return {
    id: bot.applicationId,
    name,
    icon: null,
    description: '',
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: ApplicationFlags.GatewayMessageContentLimited | ApplicationFlags.GatewayGuildMembersLimited,
    owner,
    team: null,
    summary: '',
    bot: owner,
  } as APIApplication;
}
