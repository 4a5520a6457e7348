import type { FieldPath, FormErrors } from '../errors.ts';

/** A JSON object from a request body, not yet checked. */
export type Json = Record<string, unknown>;

/** True for a plain JSON object (not an array or null). */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in characters as Discord counts them (code points: an emoji is one, not two UTF-16 units). */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Limits for one string field; `min` defaults to 0, `trim` drops leading and trailing whitespace first. */
export interface TextRule {
  max: number;
  min?: number;
  required?: boolean;
  trim?: boolean;
}

/**
 * Reads an optional string field the way Discord's form validation does: a wrong type, a missing required value or a
 * bad length is recorded under `path` with Discord's code and message. Returns the (trimmed) value, or undefined
 * when it is absent, null, empty after trimming or invalid.
 */
export function readText(value: unknown, path: FieldPath, rule: TextRule, errors: FormErrors): string | undefined {
  if (value === undefined || value === null) {
    if (rule.required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    return undefined;
  }
  const text = rule.trim ? value.trim() : value;
  if (text === '' && rule.required) {
    errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  const length = textLength(text);
  const min = rule.min ?? 0;
  if (length > rule.max || (text !== '' && length < min)) {
    if (min > 0) errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${rule.max} in length.`);
    else errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${rule.max} or fewer in length.`);
    return undefined;
  }
  return text === '' ? undefined : text;
}

/** Reads an optional integer within bounds (Discord's NUMBER_TYPE_* errors). */
export function readInt(
  value: unknown,
  path: FieldPath,
  bounds: { min: number; max: number },
  errors: FormErrors,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
    return undefined;
  }
  if (value < bounds.min) {
    errors.add(path, 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${bounds.min}.`);
    return undefined;
  }
  if (value > bounds.max) {
    errors.add(path, 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${bounds.max}.`);
    return undefined;
  }
  return value;
}

/** Reads an optional boolean. */
export function readBool(value: unknown, path: FieldPath, errors: FormErrors): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    errors.add(path, 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
    return undefined;
  }
  return value;
}

/** Reads an optional array; a non-array is recorded as an error. */
export function readArray(value: unknown, path: FieldPath, errors: FormErrors): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return undefined;
  }
  return value;
}

/** Reads an optional object; anything else is recorded as an error. */
export function readObject(value: unknown, path: FieldPath, errors: FormErrors): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return undefined;
  }
  return value;
}

/**
 * Reads a URL field: at most 2048 characters, well formed, and one of the allowed schemes (http and https; images
 * and icons also take `attachment://`).
 */
export function readUrl(
  value: unknown,
  path: FieldPath,
  errors: FormErrors,
  opts: { required?: boolean; schemes?: readonly string[]; max?: number } = {},
): string | undefined {
  const text = readText(value, path, { max: opts.max ?? 2048, required: opts.required ?? false, trim: true }, errors);
  if (text === undefined) return undefined;
  const schemes = opts.schemes ?? ['http', 'https'];
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
    return undefined;
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!schemes.includes(scheme)) {
    const allowed = schemes.map((s) => `'${s}'`).join(', ');
    errors.add(
      path,
      'URL_TYPE_INVALID_SCHEME',
      `Scheme "${scheme}" is not supported. Scheme must be one of (${allowed}).`,
    );
    return undefined;
  }
  return text;
}
