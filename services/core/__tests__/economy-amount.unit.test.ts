import { describe, expect, it } from 'vitest';
import { MaxAmount, parseAmount } from '../src/features/economy/amount.ts';

describe('parseAmount', () => {
  it.each([
    ['1', 1n],
    ['250', 250n],
    [' 42 ', 42n],
    ['007', 7n],
    ['1000000000000000', MaxAmount],
  ])('accepts %j', (raw, value) => {
    expect(parseAmount(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['1e9', /1e9/],
    ['-5', /negative/],
    ['0x10', /0x/],
    ['1.5', /whole number/],
    ['1,000', /whole number/],
    ['9999999999999999999999', /at most 1,000,000,000,000,000/],
    ['1000000000000001', /at most/],
    ['abc', /digits 0-9/],
    ['', /whole number/],
    ['   ', /whole number/],
    ['0', /at least 1/],
    ['+5', /digits 0-9/],
    ['١٢٣', /digits 0-9/],
    ['Infinity', /digits 0-9/],
    ['5 coins', /digits 0-9/],
  ])('rejects %j with a clear sentence', (raw, message) => {
    const parsed = parseAmount(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toMatch(message);
      expect(parsed.message.length).toBeLessThan(200);
    }
  });

  it('rejects missing and non-string values', () => {
    expect(parseAmount(undefined).ok).toBe(false);
    expect(parseAmount(5).ok).toBe(false);
    expect(parseAmount(true).ok).toBe(false);
  });

  it('rejects a huge digit string without building it', () => {
    expect(parseAmount('9'.repeat(100_000)).ok).toBe(false);
  });

  it('accepts 0 only where allowed', () => {
    expect(parseAmount('0', { what: 'earn amount', allowZero: true })).toEqual({ ok: true, value: 0n });
    const refused = parseAmount('-1', { what: 'price', allowZero: false });
    expect(refused.ok || refused.message).toMatch(/price/);
  });
});
