import {
  ApplicationCommandOptionType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
} from 'discord-api-types/v10';
import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import type { Core } from '../core.ts';
import { ApiError, Errors, FormErrors, formError } from '../errors.ts';
import type { MessageRecord } from '../model.ts';
import type { Json } from '../shapes/fields.ts';
import { isObject, readArray, readObject, readText } from '../shapes/fields.ts';
import type { MessageFields } from '../shapes/message.ts';
import { messageFields, SETTABLE_FLAGS } from '../shapes/message.ts';
import type { InteractionRecord } from './interactions.ts';
import { deleteMessage, editMessage, postMessage } from './messages.ts';
import type { PostMessageInput } from './messages.ts';

/** Looks up an interaction by id and token, as the callback route does; a token past its 3 seconds is unknown. */
export function interactionFor(core: Core, id: string, token: string): InteractionRecord {
  const record = core.interactions.get(id);
  if (!record || record.token !== token || record.state === 'failed') throw Errors.unknownInteraction();
  return record;
}

const COMPONENT_ONLY = new Set<unknown>([
  InteractionResponseType.DeferredMessageUpdate,
  InteractionResponseType.UpdateMessage,
]);
const MESSAGE_RESPONSES = new Set<unknown>([
  InteractionResponseType.ChannelMessageWithSource,
  InteractionResponseType.DeferredChannelMessageWithSource,
  InteractionResponseType.DeferredMessageUpdate,
  InteractionResponseType.UpdateMessage,
  InteractionResponseType.Modal,
]);

/**
 * Handles `POST /interactions/{id}/{token}/callback` (the initial response, once): a message (4, ephemeral with flag
 * 64), a deferral (5, ephemeral with flag 64; the member sees "thinking"), for components an update of their
 * message (7) or a deferred one (6), for autocomplete the choices (8). Returns the callback response object when
 * `withResponse`.
 */
export function interactionCallback(core: Core, record: InteractionRecord, body: Json, withResponse: boolean): unknown {
  if (record.state !== 'pending') throw Errors.alreadyAcknowledged();
  try {
    return respond(core, record, body, withResponse);
  } catch (error) {
    // The message of a callback is its `data`, so Discord reports its field errors under `data`.
    if (error instanceof ApiError && error.code === 50035 && error.errors && !('type' in error.errors))
      throw Errors.invalidFormBody({ data: error.errors });
    throw error;
  }
}

function respond(core: Core, record: InteractionRecord, body: Json, withResponse: boolean): unknown {
  const type = body.type;
  const isComponent = record.type === InteractionType.MessageComponent;
  const isAutocomplete = record.type === InteractionType.ApplicationCommandAutocomplete;
  if (
    isAutocomplete
      ? type !== InteractionResponseType.ApplicationCommandAutocompleteResult
      : !MESSAGE_RESPONSES.has(type)
  ) {
    const allowed = isAutocomplete ? '8' : isComponent ? '4, 5, 6, 7, 9' : '4, 5, 9';
    if (
      type === InteractionResponseType.ApplicationCommandAutocompleteResult ||
      COMPONENT_ONLY.has(type) ||
      isAutocomplete
    )
      throw formError(
        ['type'],
        'INTERACTION_RESPONSE_TYPE_INVALID',
        `This interaction takes response types ${allowed}.`,
      );
    throw formError(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 4, 5, 6, 7, 8, 9, 10, 12}.');
  }
  if (COMPONENT_ONLY.has(type) && !isComponent)
    throw formError(
      ['type'],
      'INTERACTION_RESPONSE_TYPE_INVALID',
      'This response type is only valid for component interactions.',
    );
  const data = isObject(body.data) ? body.data : {};
  switch (type) {
    case InteractionResponseType.ChannelMessageWithSource:
    case InteractionResponseType.DeferredChannelMessageWithSource: {
      const fields = messageFields(data);
      const deferred = type === InteractionResponseType.DeferredChannelMessageWithSource;
      const flags = fields.flags ?? 0;
      const message = postMessage(core, {
        // A deferral carries no message yet: Discord only honours its EPHEMERAL flag.
        ...responseInput(record, deferred ? {} : fields),
        flags: deferred ? MessageFlags.Loading | (flags & MessageFlags.Ephemeral) : flags & SETTABLE_FLAGS,
        type: isComponent ? MessageType.Default : MessageType.ChatInputCommand,
      });
      record.originalMessageId = message.id;
      record.state = deferred ? 'deferred' : 'replied';
      break;
    }
    case InteractionResponseType.UpdateMessage:
      editMessage(core, sourceMessage(core, record), editInput(messageFields(data)));
      record.state = 'replied';
      break;
    case InteractionResponseType.DeferredMessageUpdate:
      record.state = 'deferred';
      break;
    case InteractionResponseType.ApplicationCommandAutocompleteResult:
      record.choices = autocompleteChoices(record, data);
      record.state = 'replied';
      break;
    default:
      // A modal: acknowledged, not modelled (the member would see a form the emulator does not draw).
      record.state = 'replied';
  }
  record.callbackType = type as InteractionResponseType;
  clearTimeout(record.timer);
  core.recorder.emit({ type: 'interaction_update', interaction: record });
  if (!withResponse) return undefined;
  const original =
    record.originalMessageId && !isAutocomplete ? core.model.messages.get(record.originalMessageId) : undefined;
  const shown =
    type === InteractionResponseType.ChannelMessageWithSource || type === InteractionResponseType.UpdateMessage;
  return {
    interaction: {
      id: record.id,
      type: record.type,
      ...(original
        ? {
            response_message_id: original.id,
            response_message_loading: (original.flags & MessageFlags.Loading) !== 0,
            response_message_ephemeral: (original.flags & MessageFlags.Ephemeral) !== 0,
          }
        : {}),
    },
    ...(original && shown
      ? { resource: { type, message: core.model.messageJSON(original.id, record.botUserId) } }
      : {}),
  };
}

/** The message a component sits on (its ephemeral flag stays as it is). */
function sourceMessage(core: Core, record: InteractionRecord): MessageRecord {
  const message = record.sourceMessageId ? core.model.messages.get(record.sourceMessageId) : undefined;
  if (!message || message.deleted) throw Errors.unknownMessage();
  return message;
}

/**
 * Checks callback 8's `choices` as Discord does: at most 25, each with a 1-100 character name and a value of the
 * focused option's type (a string of at most 100 characters, an integer, or a number).
 */
function autocompleteChoices(record: InteractionRecord, data: Json): APIApplicationCommandOptionChoice[] {
  const errors = new FormErrors();
  const list = readArray(data.choices, ['choices'], errors) ?? [];
  if (list.length > 25) errors.add(['choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  const focusedType = focusedTypeOf(record);
  const choices: APIApplicationCommandOptionChoice[] = [];
  list.slice(0, 25).forEach((raw, i) => {
    const path = ['choices', i];
    const choice = readObject(raw, path, errors);
    if (!choice) return;
    const name = readText(choice.name, [...path, 'name'], { min: 1, max: 100, required: true }, errors);
    const value = choice.value;
    const ok =
      focusedType === ApplicationCommandOptionType.String
        ? typeof value === 'string' && value.length <= 100
        : focusedType === ApplicationCommandOptionType.Integer
          ? typeof value === 'number' && Number.isInteger(value)
          : typeof value === 'number' && Number.isFinite(value);
    if (!ok) {
      const what =
        focusedType === ApplicationCommandOptionType.String
          ? 'a string of at most 100 characters'
          : focusedType === ApplicationCommandOptionType.Integer
            ? 'an integer'
            : 'a number';
      errors.add([...path, 'value'], 'APPLICATION_COMMAND_OPTION_CHOICE_VALUE_INVALID', `Must be ${what}.`);
    }
    if (name === undefined || !ok) return;
    const localized = isObject(choice.name_localizations) ? { name_localizations: choice.name_localizations } : {};
    choices.push({ name, value, ...localized } as APIApplicationCommandOptionChoice);
  });
  errors.throwIfAny();
  return choices;
}

/** The type of the option that was focused in an autocomplete interaction. */
export function focusedTypeOf(record: InteractionRecord): ApplicationCommandOptionType | undefined {
  let level = record.options;
  for (;;) {
    const focused = level.find((o) => 'focused' in o && o.focused === true);
    if (focused) return focused.type;
    const sub = level.find((o) => 'options' in o && Array.isArray(o.options));
    if (!sub || !('options' in sub) || !sub.options) return undefined;
    level = sub.options;
  }
}

function responseInput(record: InteractionRecord, fields: MessageFields): PostMessageInput {
  return {
    channelId: record.channelId,
    authorId: record.botUserId,
    content: fields.content ?? undefined,
    embeds: fields.embeds,
    components: fields.components,
    allowedMentions: fields.allowedMentions,
    webhookId: record.applicationId,
    interactionId: record.id,
  };
}

function editInput(fields: MessageFields) {
  return {
    content: fields.content,
    embeds: fields.embeds,
    components: fields.components,
    allowedMentions: fields.allowedMentions,
  };
}

/**
 * Finds the interaction behind `/webhooks/{appId}/{token}`. The webhook exists once the interaction is
 * acknowledged (10015 Unknown Webhook before that, after a missed 3-second deadline, and for autocomplete, which
 * has no messages) and lives 15 minutes (401 50027 Invalid Webhook Token after that).
 */
export function interactionByWebhook(core: Core, applicationId: string, token: string): InteractionRecord {
  for (const record of core.interactions.values()) {
    if (record.token !== token || record.applicationId !== applicationId) continue;
    if (Date.now() - record.createdAt > core.config.interactionTokenLifetimeMs)
      throw new ApiError(401, 50027, 'Invalid Webhook Token');
    if (
      record.state === 'pending' ||
      record.state === 'failed' ||
      record.type === InteractionType.ApplicationCommandAutocomplete
    )
      break;
    return record;
  }
  throw Errors.unknownWebhook();
}

/** The message `@original` or a follow-up id refers to. */
export function webhookMessage(core: Core, record: InteractionRecord, messageId: string): MessageRecord {
  const id = messageId === '@original' ? record.originalMessageId : messageId;
  if (!id || (id !== record.originalMessageId && !record.followupIds.includes(id))) throw Errors.unknownMessage();
  return core.model.message(record.channelId, id);
}

/** `PATCH /webhooks/{app}/{token}/messages/{id|@original}`; after a deferral this is what ends "thinking". */
export function editWebhookMessage(
  core: Core,
  record: InteractionRecord,
  messageId: string,
  body: Json,
): MessageRecord {
  const message = editMessage(core, webhookMessage(core, record, messageId), editInput(messageFields(body)));
  if (messageId === '@original' && record.state === 'deferred') record.state = 'replied';
  core.recorder.emit({ type: 'interaction_update', interaction: record });
  return message;
}

/** `DELETE /webhooks/{app}/{token}/messages/{id|@original}`. */
export function deleteWebhookMessage(core: Core, record: InteractionRecord, messageId: string): void {
  deleteMessage(core, webhookMessage(core, record, messageId));
  core.recorder.emit({ type: 'interaction_update', interaction: record });
}

/**
 * `POST /webhooks/{app}/{token}`: a follow-up message, ephemeral with flag 64. Right after a
 * DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE it edits the "thinking" message instead and ignores the ephemeral flag (the
 * deferral decided it), as Discord documents for backwards compatibility.
 */
export function followUp(core: Core, record: InteractionRecord, body: Json): MessageRecord {
  const fields = messageFields(body);
  const original = record.originalMessageId ? core.model.messages.get(record.originalMessageId) : undefined;
  if (original && !original.deleted && (original.flags & MessageFlags.Loading) !== 0) {
    return editWebhookMessage(core, record, '@original', body);
  }
  const message = postMessage(core, { ...responseInput(record, fields), flags: (fields.flags ?? 0) & SETTABLE_FLAGS });
  record.followupIds.push(message.id);
  core.recorder.emit({ type: 'interaction_update', interaction: record });
  return message;
}
