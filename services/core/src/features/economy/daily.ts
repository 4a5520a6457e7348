/**
 * The `/daily` rule: a claim is allowed 24 hours after the previous one (a rolling window, not a calendar day),
 * and the streak grows when the claim comes within 48 hours of the previous one, else starts again at 1.
 * Times come from the database clock, read under the account's row lock, so replicas and restarts agree.
 */

/** Hours between two claims. */
export const DailyCooldownHours = 24;

/** A claim within this many hours of the previous one continues the streak. */
export const StreakWindowHours = 48;

const hour = 3_600_000;

/** Whether a claim at `now` is allowed, and what it makes the streak. */
export type DailyDecision = { ok: true; streak: number; nextClaimAt: Date } | { ok: false; nextClaimAt: Date };

/** Decides a daily claim from the previous claim time and streak. */
export function decideDaily(previous: { at: Date | null; streak: number }, now: Date): DailyDecision {
  if (previous.at !== null) {
    const elapsed = now.getTime() - previous.at.getTime();
    if (elapsed < DailyCooldownHours * hour) {
      return { ok: false, nextClaimAt: new Date(previous.at.getTime() + DailyCooldownHours * hour) };
    }
    const streak = elapsed <= StreakWindowHours * hour ? previous.streak + 1 : 1;
    return { ok: true, streak, nextClaimAt: new Date(now.getTime() + DailyCooldownHours * hour) };
  }
  return { ok: true, streak: 1, nextClaimAt: new Date(now.getTime() + DailyCooldownHours * hour) };
}
