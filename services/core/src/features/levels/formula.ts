/**
 * The level formula, MEE6's (the one most Discord communities already know): going from level L to L + 1 takes
 *
 *     xpToNext(L) = 5·L² + 50·L + 100
 *
 * so the total XP needed to reach level L is the sum of xpToNext(0 … L-1):
 *
 *     totalXpForLevel(L) = (5/6)·(L-1)·L·(2L-1) + 25·(L-1)·L + 100·L
 *
 * | level | XP to next | total XP to reach |
 * |------:|-----------:|------------------:|
 * |     0 |        100 |                 0 |
 * |     1 |        155 |               100 |
 * |     2 |        220 |               255 |
 * |     3 |        295 |               475 |
 * |     4 |        380 |               770 |
 * |     5 |        475 |             1,150 |
 * |    10 |      1,100 |             4,675 |
 * |    20 |      3,100 |            23,850 |
 * |    50 |     15,100 |           268,375 |
 * |   100 |     55,100 |         1,899,250 |
 *
 * With the default 15-25 XP per message and a 60 s cooldown, level 5 takes about 58 paid minutes of chat.
 * docs/levels.md carries the same table.
 */

/** XP needed to go from `level` to `level + 1`. */
export function xpToNext(level: number): number {
  return 5 * level * level + 50 * level + 100;
}

/** Total XP needed to reach `level` from nothing. */
export function totalXpForLevel(level: number): number {
  if (level <= 0) return 0;
  return (5 * (level - 1) * level * (2 * level - 1)) / 6 + 25 * (level - 1) * level + 100 * level;
}

/** The level a total of `xp` reaches. */
export function levelForXp(xp: number): number {
  // A cube-root estimate (total XP grows like 5L³/3), then exact steps either way.
  let level = Math.max(0, Math.floor(Math.cbrt((3 * xp) / 5)));
  while (level > 0 && totalXpForLevel(level) > xp) level -= 1;
  while (totalXpForLevel(level + 1) <= xp) level += 1;
  return level;
}

/** Level, XP into the level and XP the level takes, for a rank card. */
export function levelStanding(xp: number): { xp: number; level: number; xpIntoLevel: number; xpForNextLevel: number } {
  const level = levelForXp(xp);
  return { xp, level, xpIntoLevel: xp - totalXpForLevel(level), xpForNextLevel: xpToNext(level) };
}
