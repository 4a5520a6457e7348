import { ComponentType, InteractionType } from 'discord-api-types/v10';
import type { APIApplicationCommandInteractionDataOption } from 'discord-api-types/v10';
import { formError } from '../errors.ts';
import { clickComponent, invokeCommand, requestAutocomplete } from '../services/interactions.ts';
import {
  deleteWebhookMessage,
  editWebhookMessage,
  followUp,
  interactionByWebhook,
  interactionCallback,
  interactionFor,
  webhookMessage,
} from '../services/responses.ts';
import { isObject } from '../shapes/fields.ts';
import type { RestContext, Route } from './route.ts';
import { actorUserId, bodyObject } from './route.ts';

function webhookInteraction(ctx: RestContext) {
  return interactionByWebhook(ctx.core, ctx.params.webhook_id ?? '', ctx.params.webhook_token ?? '');
}

/** The user side (`POST /interactions`), interaction callbacks and interaction webhooks. */
export const interactionRoutes: Route[] = [
  {
    method: 'POST',
    path: '/interactions',
    auth: 'user',
    handler: (ctx) => {
      const b = bodyObject(ctx);
      const data = isObject(b.data) ? b.data : {};
      const channelId = typeof b.channel_id === 'string' ? b.channel_id : '';
      if (!channelId) throw formError(['channel_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
      let id: string;
      if (b.type === InteractionType.ApplicationCommand || b.type === InteractionType.ApplicationCommandAutocomplete) {
        if (typeof data.name !== 'string')
          throw formError(['data', 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
        const input = {
          userId: actorUserId(ctx),
          channelId,
          name: data.name,
          options: Array.isArray(data.options) ? (data.options as APIApplicationCommandInteractionDataOption[]) : [],
          applicationId: typeof b.application_id === 'string' ? b.application_id : undefined,
          locale: ctx.locale,
        };
        id = (b.type === InteractionType.ApplicationCommand ? invokeCommand : requestAutocomplete)(ctx.core, input).id;
      } else if (b.type === InteractionType.MessageComponent) {
        if (typeof b.message_id !== 'string' || typeof data.custom_id !== 'string') {
          throw formError(['data', 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
        }
        id = clickComponent(ctx.core, {
          userId: actorUserId(ctx),
          channelId,
          messageId: b.message_id,
          customId: data.custom_id,
          componentType: typeof data.component_type === 'number' ? data.component_type : ComponentType.Button,
          values: Array.isArray(data.values) ? data.values.map(String) : undefined,
          locale: ctx.locale,
        }).id;
      } else {
        throw formError(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of {2, 3, 4}.');
      }
      // Discord answers 204; the header is the emulator's addition so callers can find the interaction.
      return { headers: { 'x-emulator-interaction-id': id } };
    },
  },
  {
    method: 'POST',
    path: '/interactions/:interaction_id/:interaction_token/callback',
    auth: 'none',
    handler: (ctx) => {
      const record = interactionFor(ctx.core, ctx.params.interaction_id ?? '', ctx.params.interaction_token ?? '');
      const withResponse = ctx.query.get('with_response') === 'true';
      const body = interactionCallback(ctx.core, record, bodyObject(ctx), withResponse);
      return body === undefined ? {} : { body };
    },
  },
  {
    method: 'GET',
    path: '/webhooks/:webhook_id/:webhook_token/messages/:message_id',
    auth: 'none',
    handler: (ctx) => {
      const record = webhookInteraction(ctx);
      const message = webhookMessage(ctx.core, record, ctx.params.message_id ?? '');
      return { body: ctx.core.model.messageJSON(message.id, record.botUserId) };
    },
  },
  {
    method: 'PATCH',
    path: '/webhooks/:webhook_id/:webhook_token/messages/:message_id',
    auth: 'none',
    handler: (ctx) => {
      const record = webhookInteraction(ctx);
      const message = editWebhookMessage(ctx.core, record, ctx.params.message_id ?? '', bodyObject(ctx));
      return { body: ctx.core.model.messageJSON(message.id, record.botUserId) };
    },
  },
  {
    method: 'DELETE',
    path: '/webhooks/:webhook_id/:webhook_token/messages/:message_id',
    auth: 'none',
    handler: (ctx) => {
      deleteWebhookMessage(ctx.core, webhookInteraction(ctx), ctx.params.message_id ?? '');
      return {};
    },
  },
  {
    method: 'POST',
    path: '/webhooks/:webhook_id/:webhook_token',
    auth: 'none',
    handler: (ctx) => {
      const record = webhookInteraction(ctx);
      const message = followUp(ctx.core, record, bodyObject(ctx));
      return { body: ctx.core.model.messageJSON(message.id, record.botUserId) };
    },
  },
];
