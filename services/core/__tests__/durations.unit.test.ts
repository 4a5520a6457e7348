import { describe, expect, it } from 'vitest';
import { durationOption, parseDuration } from '../src/shared/durations/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['10m', 600],
    ['1h30m', 5_400],
    ['1h 30m', 5_400],
    ['1h, 30m', 5_400],
    ['7d', 604_800],
    ['2w', 1_209_600],
    ['45s', 45],
    ['90 minutes', 5_400],
    ['1 hour', 3_600],
    ['2 days 3 hours', 183_600],
    ['in 10m', 600],
    ['  3D ', 259_200],
    ['1w2d3h4m5s', 788_645],
    ['30m1h', 5_400],
  ])('%s -> %i seconds', (input, seconds) => {
    expect(parseDuration(input)).toEqual({ ok: true, seconds });
  });

  it.each(['', '10', 'm', 'ten minutes', '10x', '1h1h', '-5m', '5m later', '1.5h', '0m', '0s0m'])(
    'refuses %j',
    (input) => {
      expect(parseDuration(input)).toEqual({ ok: false });
    },
  );
});

describe('durationOption', () => {
  it('gives the seconds, or a refusal code naming the option with its bound in seconds', () => {
    expect(durationOption('duration', '1h30m', { maxSeconds: 28 * 86_400 })).toEqual({ ok: true, seconds: 5_400 });
    expect(durationOption('duration', '4w1s', { maxSeconds: 28 * 86_400 })).toEqual({
      ok: false,
      refusal: { code: 'duration.too_long', option: 'duration', maxSeconds: 28 * 86_400 },
    });
    expect(durationOption('when', '5s', { maxSeconds: 3_600, minSeconds: 10 })).toEqual({
      ok: false,
      refusal: { code: 'duration.too_short', option: 'when', minSeconds: 10 },
    });
    expect(durationOption('when', 'soonish', { maxSeconds: 3_600 })).toEqual({
      ok: false,
      refusal: { code: 'duration.invalid', option: 'when', input: 'soonish' },
    });
  });
});
