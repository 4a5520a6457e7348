import { describe, expect, it } from 'vitest';
import { ApiError, FormErrors, normalizeComponents, normalizeEmbeds } from '../src/index.ts';
import type { ErrorTree } from '../src/index.ts';

/** Runs a validator and returns the 50035 error tree it produced (undefined when the input was valid). */
function errorsOf(run: (errors: FormErrors) => unknown): ErrorTree | undefined {
  const errors = new FormErrors();
  run(errors);
  try {
    errors.throwIfAny();
    return undefined;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    expect(error.toBody()).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
    return error.errors;
  }
}

/** The errors under `embeds` (or `components`), where Discord reports them in a message body. */
const embedErrors = (embeds: unknown): ErrorTree | undefined =>
  errorsOf((e) => normalizeEmbeds(embeds, e))?.['embeds'] as ErrorTree | undefined;
const componentErrors = (components: unknown): ErrorTree | undefined =>
  errorsOf((e) => normalizeComponents(components, e))?.['components'] as ErrorTree | undefined;
const code = (c: string) => ({ _errors: [expect.objectContaining({ code: c })] });

describe('embeds', () => {
  it("are stored as Discord returns them: trimmed, type rich, inline explicit, Discord's timestamp form", () => {
    const errors = new FormErrors();
    const [embed] = normalizeEmbeds(
      [
        {
          title: '  Balance  ',
          description: '**Alice** has 5',
          color: 0x5865f2,
          timestamp: '2024-03-01T12:00:00.000Z',
          fields: [{ name: 'Wallet ', value: ' 5' }],
          footer: { text: 'bank' },
          author: { name: 'Guildhall', url: 'https://example.com' },
          type: 'video',
          provider: { name: 'ignored' },
        },
      ],
      errors,
    );
    errors.throwIfAny();
    expect(embed).toEqual({
      type: 'rich',
      title: 'Balance',
      description: '**Alice** has 5',
      color: 0x5865f2,
      timestamp: '2024-03-01T12:00:00+00:00',
      fields: [{ name: 'Wallet', value: '5', inline: false }],
      footer: { text: 'bank' },
      author: { name: 'Guildhall', url: 'https://example.com' },
    });
  });

  it("reject every length over Discord's limits, at Discord's paths", () => {
    expect(embedErrors([{ title: 'x'.repeat(257) }])).toEqual({ 0: { title: code('BASE_TYPE_MAX_LENGTH') } });
    expect(embedErrors([{ title: 'x'.repeat(256) }])).toBeUndefined();
    expect(embedErrors([{ description: 'x'.repeat(4097) }])).toEqual({
      0: { description: code('BASE_TYPE_MAX_LENGTH') },
    });
    const field = { name: 'n', value: 'v' };
    expect(embedErrors([{ fields: Array.from({ length: 26 }, () => field) }])).toEqual({
      0: { fields: code('BASE_TYPE_MAX_LENGTH') },
    });
    expect(embedErrors([{ fields: Array.from({ length: 25 }, () => field) }])).toBeUndefined();
    expect(embedErrors([{ fields: [{ name: 'x'.repeat(257), value: 'v' }] }])).toEqual({
      0: { fields: { 0: { name: code('BASE_TYPE_MAX_LENGTH') } } },
    });
    expect(embedErrors([{ fields: [{ name: 'n', value: 'x'.repeat(1025) }] }])).toEqual({
      0: { fields: { 0: { value: code('BASE_TYPE_MAX_LENGTH') } } },
    });
    expect(embedErrors([{ footer: { text: 'x'.repeat(2049) } }])).toEqual({
      0: { footer: { text: code('BASE_TYPE_MAX_LENGTH') } },
    });
    expect(embedErrors([{ author: { name: 'x'.repeat(257) } }])).toEqual({
      0: { author: { name: code('BASE_TYPE_MAX_LENGTH') } },
    });
    expect(embedErrors(Array.from({ length: 11 }, () => ({ title: 't' })))).toEqual(code('BASE_TYPE_MAX_LENGTH'));
  });

  it('reject more than 6000 characters across all embeds of a message (MAX_EMBED_SIZE_EXCEEDED)', () => {
    const big = { description: 'x'.repeat(3000) };
    expect(embedErrors([big, big])).toBeUndefined();
    expect(embedErrors([big, big, { title: 'y' }])).toEqual({
      _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }],
    });
    // Leading and trailing whitespace does not count, as Discord trims it.
    expect(embedErrors([big, { description: `  ${'x'.repeat(3000)}  ` }])).toBeUndefined();
  });

  it('count characters as Discord does: an emoji is one character', () => {
    expect(embedErrors([{ title: '🎉'.repeat(256) }])).toBeUndefined();
    expect(embedErrors([{ title: '🎉'.repeat(257) }])).toEqual({ 0: { title: code('BASE_TYPE_MAX_LENGTH') } });
  });

  it('require field names and values, footer text and author names; check colour, timestamp and urls', () => {
    expect(
      embedErrors([
        {
          fields: [{ name: 'n' }, { name: '   ', value: 'v' }],
          footer: {},
          author: { url: 'https://x.y' },
          color: 0x1000000,
          timestamp: 'yesterday',
          url: 'ftp://x.y',
          image: { url: 'javascript:alert(1)' },
        },
      ]),
    ).toEqual({
      0: {
        fields: { 0: { value: code('BASE_TYPE_REQUIRED') }, 1: { name: code('BASE_TYPE_REQUIRED') } },
        footer: { text: code('BASE_TYPE_REQUIRED') },
        author: { name: code('BASE_TYPE_REQUIRED') },
        color: code('NUMBER_TYPE_MAX'),
        timestamp: code('DATE_TIME_TYPE_PARSE'),
        url: code('URL_TYPE_INVALID_SCHEME'),
        image: { url: code('URL_TYPE_INVALID_SCHEME') },
      },
    });
  });
});

describe('components', () => {
  const button = (customId: string, extra: object = {}) => ({
    type: 2,
    style: 1,
    label: customId,
    custom_id: customId,
    ...extra,
  });
  const row = (...components: unknown[]) => ({ type: 1, components });
  const select = { type: 3, custom_id: 'pick', options: [{ label: 'One', value: '1' }] };

  it('are stored with ids numbered depth first, skipping ids the sender chose', () => {
    const errors = new FormErrors();
    const rows = normalizeComponents(
      [row(button('a'), button('b', { id: 2 })), row({ ...select, placeholder: 'Choose', extra: 'dropped' })],
      errors,
    );
    errors.throwIfAny();
    expect(rows).toEqual([
      {
        type: 1,
        id: 1,
        components: [
          { type: 2, id: 3, style: 1, label: 'a', custom_id: 'a', disabled: false },
          { type: 2, id: 2, style: 1, label: 'b', custom_id: 'b', disabled: false },
        ],
      },
      {
        type: 1,
        id: 4,
        components: [
          {
            type: 3,
            id: 5,
            custom_id: 'pick',
            placeholder: 'Choose',
            min_values: 1,
            max_values: 1,
            disabled: false,
            options: [{ label: 'One', value: '1', default: false }],
          },
        ],
      },
    ]);
  });

  it('must sit in action rows, at most five rows of five buttons or one select', () => {
    expect(componentErrors([button('a')])).toEqual({
      0: { _errors: [{ code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be one of (1,).' }] },
    });
    expect(componentErrors(Array.from({ length: 6 }, (_, i) => row(button(`b${i}`))))).toEqual(
      code('BASE_TYPE_MAX_LENGTH'),
    );
    expect(componentErrors([row(...Array.from({ length: 6 }, (_, i) => button(`b${i}`)))])).toEqual({
      0: { components: code('BASE_TYPE_BAD_LENGTH') },
    });
    expect(componentErrors([row(button('a'), select)])).toEqual({
      0: { components: { 1: code('COMPONENT_LAYOUT_WIDTH_EXCEEDED') } },
    });
    expect(componentErrors([row()])).toEqual({ 0: { components: code('BASE_TYPE_BAD_LENGTH') } });
    expect(componentErrors([row({ type: 4, custom_id: 'text' })])).toEqual({
      0: { components: { 0: code('UNION_TYPE_CHOICES') } },
    });
  });

  it('reject a custom_id used twice in a message, disabled or not', () => {
    expect(componentErrors([row(button('same')), row(button('same', { disabled: true }))])).toEqual({
      1: {
        components: {
          0: {
            custom_id: {
              _errors: [
                { code: 'COMPONENT_CUSTOM_ID_DUPLICATED', message: 'Component custom id cannot be duplicated' },
              ],
            },
          },
        },
      },
    });
  });

  it('check buttons by style: custom_id for 1-4, url (and no custom_id) for links, a label or emoji', () => {
    const at = (tree: ErrorTree | undefined) =>
      (tree as { 0: { components: { 0: ErrorTree } } } | undefined)?.[0].components[0];
    expect(at(componentErrors([row({ type: 2, style: 1, label: 'x' })]))).toEqual({
      custom_id: code('BUTTON_COMPONENT_CUSTOM_ID_REQUIRED'),
    });
    expect(at(componentErrors([row({ type: 2, style: 5, label: 'x', url: 'https://x.y', custom_id: 'c' })]))).toEqual({
      custom_id: code('BUTTON_COMPONENT_CUSTOM_ID_URL_MUTUALLY_EXCLUSIVE'),
    });
    expect(at(componentErrors([row({ type: 2, style: 5, label: 'x' })]))).toEqual({ url: code('BASE_TYPE_REQUIRED') });
    expect(at(componentErrors([row({ type: 2, style: 7, label: 'x', custom_id: 'c' })]))).toEqual({
      style: code('BASE_TYPE_CHOICES'),
    });
    expect(at(componentErrors([row({ type: 2, style: 2, custom_id: 'c' })]))).toEqual({
      label: code('BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED'),
    });
    expect(at(componentErrors([row(button('x'.repeat(101)))]))).toEqual({
      label: code('BASE_TYPE_MAX_LENGTH'),
      custom_id: code('BASE_TYPE_BAD_LENGTH'),
    });
    // The emulated guild has no custom emoji; unicode emoji are fine.
    expect(componentErrors([row(button('a', { emoji: { name: '🎁' } }))])).toBeUndefined();
    expect(at(componentErrors([row(button('a', { emoji: { id: '123456789012345678', name: 'blob' } }))]))).toEqual({
      emoji: code('BUTTON_COMPONENT_INVALID_EMOJI'),
    });
    expect(
      componentErrors([row({ type: 2, style: 5, label: 'Docs', url: 'https://example.com', disabled: true })]),
    ).toBeUndefined();
  });

  it('check string selects: 1-25 options, unique values, min/max within the options', () => {
    const at = (tree: ErrorTree | undefined) =>
      (tree as { 0: { components: { 0: ErrorTree } } } | undefined)?.[0].components[0];
    const option = (value: string) => ({ label: value, value });
    expect(at(componentErrors([row({ ...select, options: [] })]))).toEqual({ options: code('BASE_TYPE_BAD_LENGTH') });
    expect(
      at(componentErrors([row({ ...select, options: Array.from({ length: 26 }, (_, i) => option(`${i}`)) })])),
    ).toEqual({ options: code('BASE_TYPE_BAD_LENGTH') });
    expect(at(componentErrors([row({ ...select, options: [option('a'), option('a')] })]))).toEqual({
      options: { 1: { value: code('SELECT_COMPONENT_OPTION_VALUE_DUPLICATED') } },
    });
    expect(at(componentErrors([row({ ...select, max_values: 3, options: [option('a'), option('b')] })]))).toEqual({
      options: code('BASE_TYPE_MIN_LENGTH'),
    });
    expect(at(componentErrors([row({ ...select, min_values: 26 })]))).toEqual({
      min_values: code('NUMBER_TYPE_MAX'),
    });
    expect(at(componentErrors([row({ ...select, placeholder: 'x'.repeat(151) })]))).toEqual({
      placeholder: code('BASE_TYPE_MAX_LENGTH'),
    });
  });
});
