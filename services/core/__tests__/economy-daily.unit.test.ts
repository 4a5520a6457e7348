import { describe, expect, it } from 'vitest';
import { decideDaily } from '../src/features/economy/daily.ts';

const t0 = new Date('2026-11-22T12:00:00.000Z');
const later = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);

describe('decideDaily', () => {
  it('pays a first claim with streak 1', () => {
    expect(decideDaily({ at: null, streak: 0 }, t0)).toEqual({ ok: true, streak: 1, nextClaimAt: later(24) });
  });

  it('refuses within 24 h (rolling, not by calendar day) and says when', () => {
    expect(decideDaily({ at: t0, streak: 3 }, later(23.99))).toEqual({ ok: false, nextClaimAt: later(24) });
    expect(decideDaily({ at: t0, streak: 3 }, later(0))).toEqual({ ok: false, nextClaimAt: later(24) });
  });

  it('grows the streak from 24 h up to 48 h, and resets it after', () => {
    expect(decideDaily({ at: t0, streak: 3 }, later(24))).toMatchObject({ ok: true, streak: 4 });
    expect(decideDaily({ at: t0, streak: 3 }, later(48))).toMatchObject({ ok: true, streak: 4 });
    expect(decideDaily({ at: t0, streak: 3 }, later(48.001))).toMatchObject({ ok: true, streak: 1 });
  });
});
