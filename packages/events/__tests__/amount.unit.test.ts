import { describe, expect, it } from 'vitest';
import { economyCommand, giveCommand, MaxAmount, optionsSchema, parseAmount } from '../src/index.ts';

describe('parseAmount', () => {
  it.each([
    ['1', 1n],
    ['250', 250n],
    [' 42 ', 42n],
    ['007', 7n],
    ['1000000000000000', MaxAmount],
  ])('accepts %j', (raw, value) => {
    expect(parseAmount(raw, 'amount')).toBe(value);
  });

  it.each([
    ['1e9', 'exponent'],
    ['2.5E3', 'exponent'],
    ['-5', 'negative'],
    ['− 5', 'negative'],
    ['0x10', 'hex'],
    ['1.5', 'decimal'],
    ['1,000', 'decimal'],
    ['abc', 'other'],
    ['', 'other'],
    ['   ', 'other'],
    ['+5', 'other'],
    ['١٢٣', 'other'],
    ['Infinity', 'other'],
    ['5 coins', 'other'],
  ] as const)('refuses %j as %s, naming the option', (raw, form) => {
    expect(parseAmount(raw, 'price')).toEqual({ code: 'economy.amount.format', option: 'price', form });
  });

  it('refuses more than one command may move, and less than the least', () => {
    const tooLarge = { code: 'economy.amount.too_large', option: 'amount', max: '1000000000000000' };
    expect(parseAmount('1000000000000001', 'amount')).toEqual(tooLarge);
    expect(parseAmount('9999999999999999999999', 'amount')).toEqual(tooLarge);
    expect(parseAmount('0', 'amount')).toEqual({ code: 'economy.amount.too_small', option: 'amount', min: 1 });
  });

  it('refuses a huge digit string without building it', () => {
    expect(parseAmount('9'.repeat(100_000), 'amount')).toMatchObject({ code: 'economy.amount.too_large' });
  });

  it('takes 0 where it turns something off', () => {
    expect(parseAmount('0', 'earn_amount', 0)).toBe(0n);
  });
});

describe('amount options', () => {
  it('parse to bigint, and raise the refusal naming their own option', () => {
    const give = optionsSchema(giveCommand.subcommands['']);
    expect(give.parse({ member: '1', amount: '250' })).toEqual({ member: '1', amount: 250n });
    const failed = give.safeParse({ member: '1', amount: '1e9' });
    expect(failed.error?.issues[0]).toMatchObject({
      code: 'custom',
      path: ['amount'],
      params: { refusal: { code: 'economy.amount.format', option: 'amount', form: 'exponent' } },
    });
    const settings = optionsSchema(economyCommand.subcommands.settings);
    expect(settings.parse({ daily_amount: '0' })).toEqual({ daily_amount: 0n });
    expect(settings.safeParse({ earn_amount: '-1' }).error?.issues[0]).toMatchObject({
      params: { refusal: { code: 'economy.amount.format', option: 'earn_amount', form: 'negative' } },
    });
  });
});
