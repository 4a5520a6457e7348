import type { BoardCursor } from '@guildhall/db';
import { z } from 'zod';

/**
 * A leaderboard cursor in a URL (`?after=…`): base64url JSON of where the previous page ended. It only says where to
 * continue reading and which rank to count on from; a forged one shows its sender a page that starts elsewhere or
 * numbers ranks wrongly, nothing more (every value is bound as a parameter).
 */
const Cursor = z.object({
  s: z.string().regex(/^-?\d{1,20}$/),
  k: z.string().min(1).max(200),
  p: z.number().int().min(0).max(1e9),
  r: z.number().int().min(0).max(1e9),
});

/** The URL form of a cursor. */
export function encodeCursor(c: BoardCursor): string {
  return Buffer.from(JSON.stringify({ s: c.score, k: c.key, p: c.position, r: c.rank })).toString('base64url');
}

/** A cursor from a URL, or null when it is not one (the page then starts at the top). */
export function decodeCursor(text: string | undefined): BoardCursor | null {
  if (!text || text.length > 400) return null;
  try {
    const c = Cursor.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return { score: c.s, key: c.k, position: c.p, rank: c.r };
  } catch {
    return null;
  }
}
