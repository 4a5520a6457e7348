import {
  optionsSchema,
  Refusal,
  type CommandInvoked,
  type OptionProblem,
  type SubcommandSpec,
} from '@guildhall/events';
import { z } from 'zod';

type RawOptions = CommandInvoked['payload']['command']['options'];

/**
 * A user a user option named, with what the bot resolved about them (bots included, so they can be refused); the
 * id stands in for a name the request does not carry.
 */
export function namedUser(p: CommandInvoked['payload'], id: string): { id: string; displayName: string; bot: boolean } {
  const user = p.users[id];
  return { id, displayName: user?.displayName ?? id, bot: user?.bot ?? false };
}

/** Options parsed against their declaration, or the refusal that names the option at fault. */
export type ParsedOptions = { ok: true; options: unknown } | { ok: false; refusal: Refusal };

/**
 * Parses a subcommand's options with the schema built from its declaration. The first failure becomes an
 * `option.invalid` refusal naming the option and what is wrong (with the declared bounds), unless the option's own
 * parser raised a custom issue carrying a refusal in `params.refusal`, which is passed on as it is.
 */
export function parseOptions(spec: SubcommandSpec, raw: RawOptions): ParsedOptions {
  const parsed = optionsSchema(spec).safeParse(raw);
  if (parsed.success) return { ok: true, options: parsed.data };
  const [issue] = parsed.error.issues;
  if (!issue) throw new Error('zod reported a failure without an issue');
  return { ok: false, refusal: refusalOf(issue, spec, raw) };
}

function refusalOf(issue: z.core.$ZodIssue, spec: SubcommandSpec, raw: RawOptions): Refusal {
  if (issue.code === 'custom') {
    const own = Refusal.safeParse((issue.params as { refusal?: unknown } | undefined)?.refusal);
    if (own.success) return own.data;
  }
  if (issue.code === 'unrecognized_keys') {
    // The invocation names an option the declaration lacks: the registered commands are out of date.
    return { code: 'option.invalid', option: (issue.keys[0] ?? '?').slice(0, 32), problem: { kind: 'format' } };
  }
  const option = String(issue.path[0] ?? '?').slice(0, 32);
  return { code: 'option.invalid', option, problem: problemOf(issue, spec.options?.[option]?.schema, raw[option]) };
}

function problemOf(issue: z.core.$ZodIssue, schema: z.ZodType | undefined, value: unknown): OptionProblem {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return { kind: 'missing' };
      return { kind: 'type', expected: expectedOf(issue.expected) };
    case 'too_small':
    case 'too_big': {
      const bounds = boundsOf(schema);
      return issue.origin === 'string'
        ? { kind: 'length', min: bounds.minLength, max: bounds.maxLength }
        : { kind: 'range', min: bounds.minValue, max: bounds.maxValue };
    }
    case 'invalid_value':
      return { kind: 'choice', choices: issue.values.map(String).slice(0, 25) };
    default:
      return { kind: 'format' };
  }
}

function expectedOf(expected: string): Extract<OptionProblem, { kind: 'type' }>['expected'] {
  if (expected === 'int') return 'integer';
  if (expected === 'number' || expected === 'boolean') return expected;
  return 'string';
}

/** The declared bounds of an option's schema (through `.optional()` and a string's `parse` pipe). */
function boundsOf(schema: z.ZodType | undefined) {
  let inner: unknown = schema;
  for (;;) {
    if (inner instanceof z.ZodOptional) inner = inner.unwrap();
    else if (inner instanceof z.ZodPipe) inner = inner.in;
    else break;
  }
  // `.int()` bounds a number to the safe integers; only bounds a declaration set are worth saying.
  const declared = (n: number | null) => (n === null || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? null : n);
  return {
    minValue: inner instanceof z.ZodNumber ? declared(inner.minValue) : null,
    maxValue: inner instanceof z.ZodNumber ? declared(inner.maxValue) : null,
    minLength: inner instanceof z.ZodString ? inner.minLength : null,
    maxLength: inner instanceof z.ZodString ? inner.maxLength : null,
  };
}
