import { MessageFlags } from 'discord-api-types/v10';
import type { APIAllowedMentions } from 'discord-api-types/v10';
import { FormErrors } from '../errors.ts';
import type { Json } from './fields.ts';
import { isObject, readInt } from './fields.ts';

/** The message fields of a create or edit body (channel message, interaction response, webhook), type-checked. */
export interface MessageFields {
  /** `null` clears the content on an edit. */
  content?: string | null | undefined;
  /** Checked against Discord's limits when the message is stored (`normalizeEmbeds`). */
  embeds?: unknown;
  /** Checked against Discord's rules when the message is stored (`normalizeComponents`). */
  components?: unknown;
  allowedMentions?: APIAllowedMentions | undefined;
  flags?: number | undefined;
}

/** Flags a sender may set on a message; IS_COMPONENTS_V2 is refused separately (not modelled). */
export const SETTABLE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.Ephemeral;

/**
 * Reads the message fields of a request body, rejecting wrong types with Discord's 50035 shape. IS_COMPONENTS_V2
 * messages are refused outright: the emulator does not model that layout, and accepting it would let a test pass
 * that Discord would answer differently.
 */
export function messageFields(body: Json): MessageFields {
  const errors = new FormErrors();
  const fields: MessageFields = {};
  if (body.content === null || typeof body.content === 'string') fields.content = body.content;
  else if (body.content !== undefined) errors.add(['content'], 'BASE_TYPE_STRING', 'Must be a string.');
  if (body.embeds !== undefined) fields.embeds = body.embeds;
  if (body.components !== undefined) fields.components = body.components;
  if (isObject(body.allowed_mentions)) fields.allowedMentions = body.allowed_mentions as APIAllowedMentions;
  else if (body.allowed_mentions !== undefined && body.allowed_mentions !== null)
    errors.add(['allowed_mentions'], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
  const flags = readInt(body.flags, ['flags'], { min: 0, max: 2 ** 31 - 1 }, errors);
  if (flags !== undefined && (flags & MessageFlags.IsComponentsV2) !== 0)
    errors.add(['flags'], 'EMULATOR_UNSUPPORTED', 'The Discord emulator does not model IS_COMPONENTS_V2 messages.');
  if (flags !== undefined) fields.flags = flags;
  errors.throwIfAny();
  return fields;
}
