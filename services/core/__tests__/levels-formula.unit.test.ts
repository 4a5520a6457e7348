import { describe, expect, it } from 'vitest';
import { levelForXp, levelStanding, totalXpForLevel, xpToNext } from '../src/features/levels/formula.ts';
import { xpForMessage } from '../src/features/levels/xp.ts';

describe('level formula (5·L² + 50·L + 100 per level)', () => {
  it('matches the published table', () => {
    const table = [
      [0, 100, 0],
      [1, 155, 100],
      [2, 220, 255],
      [3, 295, 475],
      [4, 380, 770],
      [5, 475, 1150],
      [10, 1100, 4675],
      [20, 3100, 23850],
      [50, 15100, 268375],
      [100, 55100, 1899250],
    ];
    for (const [level, next, total] of table) {
      expect([xpToNext(level ?? 0), totalXpForLevel(level ?? 0)]).toEqual([next, total]);
    }
  });

  it('has a closed form equal to the running sum', () => {
    let sum = 0;
    for (let level = 0; level <= 500; level++) {
      expect(totalXpForLevel(level)).toBe(sum);
      sum += xpToNext(level);
    }
  });

  it('finds the level of any XP at the boundaries', () => {
    for (let level = 0; level <= 300; level++) {
      const total = totalXpForLevel(level);
      expect(levelForXp(total)).toBe(level);
      if (total > 0) expect(levelForXp(total - 1)).toBe(level - 1);
    }
    expect(levelForXp(1e12)).toBeGreaterThan(0);
  });

  it('gives rank-card progress', () => {
    expect(levelStanding(300)).toEqual({ xp: 300, level: 2, xpIntoLevel: 45, xpForNextLevel: 220 });
    expect(levelStanding(0)).toEqual({ xp: 0, level: 0, xpIntoLevel: 0, xpForNextLevel: 100 });
  });
});

describe('xpForMessage', () => {
  it('stays in range, is deterministic per event, and spreads', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const xp = xpForMessage(`event-${i}`, 15, 25);
      expect(xp).toBeGreaterThanOrEqual(15);
      expect(xp).toBeLessThanOrEqual(25);
      expect(xpForMessage(`event-${i}`, 15, 25)).toBe(xp);
      seen.add(xp);
    }
    expect(seen.size).toBe(11);
    expect(xpForMessage('x', 7, 7)).toBe(7);
  });
});
