import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type {
  APIActionRowComponent,
  APIButtonComponent,
  APIComponentInMessageActionRow,
  APIMessageComponentEmoji,
  APISelectMenuComponent,
  APISelectMenuDefaultValue,
  APISelectMenuOption,
  ChannelType,
  SelectMenuDefaultValueType,
} from 'discord-api-types/v10';
import type { FieldPath, FormErrors } from '../errors.ts';
import { isObject, readArray, readBool, readInt, readObject, readText, readUrl } from './fields.ts';

/** An action row of a message, as stored and returned. */
export type MessageActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** Discord's component limits (https://discord.com/developers/docs/components/reference). */
export const COMPONENT_LIMITS = {
  rows: 5,
  rowWidth: 5,
  customId: 100,
  buttonLabel: 80,
  buttonUrl: 512,
  selectOptions: 25,
  selectPlaceholder: 150,
  optionText: 100,
} as const;

const CHILD_TYPES = [
  ComponentType.Button,
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
] as const;

const SELECT_TYPES: ReadonlySet<number> = new Set(CHILD_TYPES.filter((t) => t !== ComponentType.Button));

/** Unicode emoji (pictographs, flags, keycaps): the only emoji the emulated world has, as it models no guild emoji. */
const UNICODE_EMOJI = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3)/u;

/**
 * Validates `components` of a message body (action rows of buttons and selects, Discord's classic layout) and
 * returns them as Discord stores them: unknown keys dropped and every component given its numeric `id` (sequential,
 * skipping ids the sender chose). Errors use Discord's paths and codes, e.g. UNION_TYPE_CHOICES for a button outside
 * an action row, COMPONENT_LAYOUT_WIDTH_EXCEEDED for a sixth button or a select beside anything,
 * COMPONENT_CUSTOM_ID_DUPLICATED for a custom_id used twice (disabled or not).
 */
export function normalizeComponents(
  raw: unknown,
  errors: FormErrors,
  path: FieldPath = ['components'],
): MessageActionRow[] {
  const list = readArray(raw, path, errors);
  if (!list) return [];
  if (list.length > COMPONENT_LIMITS.rows) {
    errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${COMPONENT_LIMITS.rows} or fewer in length.`);
    return [];
  }
  const seen = new Set<string>();
  const rows = list.flatMap((r, i) => normalizeRow(r, [...path, i], seen, errors) ?? []);
  assignIds(rows, path, errors);
  return rows;
}

function normalizeRow(
  raw: unknown,
  path: FieldPath,
  seen: Set<string>,
  errors: FormErrors,
): MessageActionRow | undefined {
  const row = readObject(raw, path, errors);
  if (!row) return undefined;
  if (row.type !== ComponentType.ActionRow) {
    errors.add(path, 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
    return undefined;
  }
  const children = readArray(row.components, [...path, 'components'], errors);
  if (!children || children.length === 0 || children.length > COMPONENT_LIMITS.rowWidth) {
    if (children !== undefined || row.components === undefined)
      errors.add(
        [...path, 'components'],
        'BASE_TYPE_BAD_LENGTH',
        `Must be between 1 and ${COMPONENT_LIMITS.rowWidth} in length.`,
      );
    return undefined;
  }
  let width = 0;
  const components: APIComponentInMessageActionRow[] = [];
  children.forEach((c, i) => {
    const at: FieldPath = [...path, 'components', i];
    const type = isObject(c) ? c.type : undefined;
    if (!isObject(c) || !CHILD_TYPES.some((t) => t === type)) {
      errors.add(at, 'UNION_TYPE_CHOICES', `Value of field "type" must be one of (${CHILD_TYPES.join(', ')}).`);
      return;
    }
    // A button is one unit wide, a select the whole row.
    width += type === ComponentType.Button ? 1 : COMPONENT_LIMITS.rowWidth;
    if (width > COMPONENT_LIMITS.rowWidth) {
      errors.add(at, 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
      return;
    }
    const component = type === ComponentType.Button ? normalizeButton(c, at, errors) : normalizeSelect(c, at, errors);
    if (!component) return;
    const customId = 'custom_id' in component ? component.custom_id : undefined;
    if (customId !== undefined) {
      if (seen.has(customId))
        errors.add([...at, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      seen.add(customId);
    }
    components.push(component);
  });
  return { type: ComponentType.ActionRow, ...optionalId(row), components };
}

function normalizeButton(
  c: Record<string, unknown>,
  path: FieldPath,
  errors: FormErrors,
): APIButtonComponent | undefined {
  const at = (key: string): FieldPath => [...path, key];
  const style = c.style;
  if (
    typeof style !== 'number' ||
    !Number.isInteger(style) ||
    style < ButtonStyle.Primary ||
    style > ButtonStyle.Premium
  ) {
    errors.add(at('style'), 'BASE_TYPE_CHOICES', 'Value must be one of (1, 2, 3, 4, 5, 6).');
    return undefined;
  }
  const label = readText(c.label, at('label'), { max: COMPONENT_LIMITS.buttonLabel }, errors);
  const emoji = readEmoji(c.emoji, at('emoji'), errors);
  const disabled = readBool(c.disabled, at('disabled'), errors) ?? false;
  const base = {
    type: ComponentType.Button as const,
    ...optionalId(c),
    ...(label ? { label } : {}),
    ...(emoji ? { emoji } : {}),
    disabled,
  };
  if (style === ButtonStyle.Premium) {
    const skuId = readText(c.sku_id, at('sku_id'), { max: 25, required: true }, errors);
    if (c.custom_id !== undefined || c.url !== undefined || label || emoji)
      errors.add(
        path,
        'BUTTON_COMPONENT_PREMIUM_INVALID',
        'Premium buttons cannot have a custom_id, url, label or emoji',
      );
    return skuId === undefined ? undefined : { type: ComponentType.Button, style, sku_id: skuId, disabled };
  }
  const absent = (v: unknown): boolean => v === undefined || v === null || v === '';
  // An invalid label or emoji has its own error; this one is for a button with neither.
  if (absent(c.label) && absent(c.emoji))
    errors.add(at('label'), 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A label or an emoji is required');
  if (style === ButtonStyle.Link) {
    if (c.custom_id !== undefined && c.custom_id !== null) {
      errors.add(
        at('custom_id'),
        'BUTTON_COMPONENT_CUSTOM_ID_URL_MUTUALLY_EXCLUSIVE',
        'A custom id and url cannot both be specified',
      );
      return undefined;
    }
    const url = readUrl(c.url, at('url'), errors, {
      required: true,
      max: COMPONENT_LIMITS.buttonUrl,
      schemes: ['http', 'https', 'discord'],
    });
    return url === undefined ? undefined : { ...base, style, url };
  }
  if (c.url !== undefined && c.url !== null) {
    errors.add(
      at('url'),
      'BUTTON_COMPONENT_CUSTOM_ID_URL_MUTUALLY_EXCLUSIVE',
      'A custom id and url cannot both be specified',
    );
    return undefined;
  }
  if (c.custom_id === undefined || c.custom_id === null || c.custom_id === '') {
    errors.add(at('custom_id'), 'BUTTON_COMPONENT_CUSTOM_ID_REQUIRED', 'A custom id is required');
    return undefined;
  }
  const customId = readText(c.custom_id, at('custom_id'), { min: 1, max: COMPONENT_LIMITS.customId }, errors);
  return customId === undefined ? undefined : { ...base, style: style as ButtonStyle.Primary, custom_id: customId };
}

function normalizeSelect(
  c: Record<string, unknown>,
  path: FieldPath,
  errors: FormErrors,
): APISelectMenuComponent | undefined {
  const at = (key: string): FieldPath => [...path, key];
  const customId = readText(
    c.custom_id,
    at('custom_id'),
    { min: 1, max: COMPONENT_LIMITS.customId, required: true },
    errors,
  );
  const placeholder = readText(c.placeholder, at('placeholder'), { max: COMPONENT_LIMITS.selectPlaceholder }, errors);
  const min = readInt(c.min_values, at('min_values'), { min: 0, max: 25 }, errors) ?? 1;
  const max = readInt(c.max_values, at('max_values'), { min: 1, max: 25 }, errors) ?? 1;
  const disabled = readBool(c.disabled, at('disabled'), errors) ?? false;
  if (min > max) errors.add(at('min_values'), 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`);
  const common = {
    ...optionalId(c),
    custom_id: customId ?? '',
    ...(placeholder ? { placeholder } : {}),
    min_values: min,
    max_values: max,
    disabled,
  };
  if (c.type === ComponentType.StringSelect) {
    const options = readSelectOptions(c.options, at('options'), max, errors);
    return customId === undefined || !options ? undefined : { type: ComponentType.StringSelect, ...common, options };
  }
  const defaults = readArray(c.default_values, at('default_values'), errors);
  const defaultValues: APISelectMenuDefaultValue<SelectMenuDefaultValueType>[] = [];
  defaults?.forEach((d, i) => {
    const value = readObject(d, [...at('default_values'), i], errors);
    const id = readText(value?.id, [...at('default_values'), i, 'id'], { max: 25, required: true }, errors);
    const type = value?.type;
    if (type !== 'user' && type !== 'role' && type !== 'channel') {
      errors.add(
        [...at('default_values'), i, 'type'],
        'BASE_TYPE_CHOICES',
        "Value must be one of ('user', 'role', 'channel').",
      );
    } else if (id !== undefined) {
      defaultValues.push({ id, type } as APISelectMenuDefaultValue<SelectMenuDefaultValueType>);
    }
  });
  if (defaultValues.length > max)
    errors.add(at('default_values'), 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
  if (customId === undefined) return undefined;
  const withDefaults = { ...common, ...(defaultValues.length ? { default_values: defaultValues } : {}) };
  if (c.type === ComponentType.ChannelSelect) {
    const types = readArray(c.channel_types, at('channel_types'), errors)?.filter(
      (t): t is ChannelType => typeof t === 'number',
    );
    return {
      type: ComponentType.ChannelSelect,
      ...withDefaults,
      ...(types ? { channel_types: types } : {}),
    } as APISelectMenuComponent;
  }
  return { type: c.type, ...withDefaults } as APISelectMenuComponent;
}

function readSelectOptions(
  raw: unknown,
  path: FieldPath,
  maxValues: number,
  errors: FormErrors,
): APISelectMenuOption[] | undefined {
  const list = readArray(raw, path, errors);
  if (!list || list.length === 0 || list.length > COMPONENT_LIMITS.selectOptions) {
    if (list || raw === undefined)
      errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${COMPONENT_LIMITS.selectOptions} in length.`);
    return undefined;
  }
  const values = new Set<string>();
  const options: APISelectMenuOption[] = [];
  list.forEach((o, i) => {
    const option = readObject(o, [...path, i], errors);
    if (!option) return;
    const at = (key: string): FieldPath => [...path, i, key];
    const rule = { min: 1, max: COMPONENT_LIMITS.optionText, required: true };
    const label = readText(option.label, at('label'), rule, errors);
    const value = readText(option.value, at('value'), rule, errors);
    const description = readText(option.description, at('description'), { max: COMPONENT_LIMITS.optionText }, errors);
    const emoji = readEmoji(option.emoji, at('emoji'), errors);
    const isDefault = readBool(option.default, at('default'), errors) ?? false;
    if (value !== undefined && values.has(value))
      errors.add(at('value'), 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'The specified option value is already used');
    if (value !== undefined) values.add(value);
    if (label === undefined || value === undefined) return;
    options.push({
      label,
      value,
      ...(description ? { description } : {}),
      ...(emoji ? { emoji } : {}),
      default: isDefault,
    });
  });
  if (maxValues > list.length) errors.add(path, 'BASE_TYPE_MIN_LENGTH', `Must be ${maxValues} or more in length.`);
  if (options.filter((o) => o.default).length > maxValues)
    errors.add(
      path,
      'SELECT_COMPONENT_TOO_MANY_DEFAULT_VALUES',
      'The specified number of default values exceeds the specified maximum values',
    );
  return options;
}

function readEmoji(raw: unknown, path: FieldPath, errors: FormErrors): APIMessageComponentEmoji | undefined {
  const emoji = readObject(raw, path, errors);
  if (!emoji) return undefined;
  const name = typeof emoji.name === 'string' ? emoji.name : undefined;
  // The emulated world has no guild emoji, so only unicode emoji exist to be used.
  if ((emoji.id !== undefined && emoji.id !== null) || !name || !UNICODE_EMOJI.test(name)) {
    errors.add(path, 'BUTTON_COMPONENT_INVALID_EMOJI', 'Invalid emoji');
    return undefined;
  }
  return { name };
}

function optionalId(c: Record<string, unknown>): { id?: number } {
  return typeof c.id === 'number' && Number.isInteger(c.id) && c.id > 0 ? { id: c.id } : {};
}

/** Gives every component without an id the next free one, depth first, as Discord does; chosen ids must be unique. */
function assignIds(rows: MessageActionRow[], path: FieldPath, errors: FormErrors): void {
  const all = rows.flatMap((r) => [r as { id?: number }, ...(r.components as { id?: number }[])]);
  const used = new Set<number>();
  for (const c of all) {
    if (c.id === undefined) continue;
    if (used.has(c.id)) errors.add(path, 'COMPONENT_ID_DUPLICATED', `Component id ${c.id} is used more than once`);
    if (c.id > 0x7fffffff) errors.add(path, 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 2147483647.');
    used.add(c.id);
  }
  let next = 1;
  for (const c of all) {
    if (c.id !== undefined) continue;
    while (used.has(next)) next++;
    c.id = next;
    used.add(next);
  }
}

/** The interactive component with `customId` on a message, or undefined. */
export function findComponent(
  rows: readonly MessageActionRow[],
  customId: string,
): APIComponentInMessageActionRow | undefined {
  for (const row of rows) {
    for (const c of row.components) if ('custom_id' in c && c.custom_id === customId) return c;
  }
  return undefined;
}

/** True for the select menu component types (string, user, role, mentionable, channel). */
export function isSelectType(type: number): boolean {
  return SELECT_TYPES.has(type);
}
