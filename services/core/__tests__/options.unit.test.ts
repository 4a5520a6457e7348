import { defineCommand, option, type Refusal } from '@guildhall/events';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseOptions } from '../src/shared/commands/options.ts';

const strict = z.string().transform((text, ctx) => {
  if (/^\d+$/.test(text)) return BigInt(text);
  const refusal: Refusal = { code: 'duration.invalid', option: 'amount', input: text };
  ctx.addIssue({ code: 'custom', params: { refusal } });
  return z.NEVER;
});

const spec = defineCommand('test', {
  description: 'A command to parse',
  privacy: 'public',
  options: {
    count: option.integer({ description: 'How many', required: true, min_value: 1, max_value: 25 }),
    from: option.integer({ description: 'From', min_value: 1 }),
    name: option.string({ description: 'A name', min_length: 2, max_length: 10 }),
    action: option.choice({ description: 'What', choices: ['warn', 'kick'] }),
    amount: option.parsed({ description: 'Digits', max_length: 30, parse: strict }),
  },
}).subcommands[''];

const refusalOf = (raw: Record<string, string | number | boolean>) => {
  const parsed = parseOptions(spec, raw);
  return parsed.ok ? parsed.options : parsed.refusal;
};

describe('parseOptions', () => {
  it('hands over typed values', () => {
    expect(refusalOf({ count: 3, amount: '12' })).toEqual({ count: 3, amount: 12n });
  });

  it('names the option at fault and what is wrong, with the declared bounds', () => {
    expect(refusalOf({})).toEqual({ code: 'option.invalid', option: 'count', problem: { kind: 'missing' } });
    expect(refusalOf({ count: 26 })).toEqual({
      code: 'option.invalid',
      option: 'count',
      problem: { kind: 'range', min: 1, max: 25 },
    });
    expect(refusalOf({ count: 1, from: 0 })).toEqual({
      code: 'option.invalid',
      option: 'from',
      problem: { kind: 'range', min: 1, max: null },
    });
    expect(refusalOf({ count: 1.5 })).toEqual({
      code: 'option.invalid',
      option: 'count',
      problem: { kind: 'type', expected: 'integer' },
    });
    expect(refusalOf({ count: 'x' })).toEqual({
      code: 'option.invalid',
      option: 'count',
      problem: { kind: 'type', expected: 'number' },
    });
    expect(refusalOf({ count: 1, name: 'x'.repeat(11) })).toEqual({
      code: 'option.invalid',
      option: 'name',
      problem: { kind: 'length', min: 2, max: 10 },
    });
    expect(refusalOf({ count: 1, action: 'ban' })).toEqual({
      code: 'option.invalid',
      option: 'action',
      problem: { kind: 'choice', choices: ['warn', 'kick'] },
    });
    expect(refusalOf({ count: 1, extra: 1 })).toEqual({
      code: 'option.invalid',
      option: 'extra',
      problem: { kind: 'format' },
    });
  });

  it("passes on a refusal an option's own parser raised", () => {
    expect(refusalOf({ count: 1, amount: 'lots' })).toEqual({
      code: 'duration.invalid',
      option: 'amount',
      input: 'lots',
    });
  });
});
