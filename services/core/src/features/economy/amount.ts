/**
 * Strict parsing of currency amounts typed by members. Slash-command options carry amounts as raw strings (a
 * Discord Integer stops at 2^53 and a JavaScript number accepts `1e9`, `0x10` and `1.5`), so every form other
 * than plain decimal digits is refused with a sentence saying what to type instead.
 */

/** Largest amount one command may move: 10^15 (a million billion), far below MaxBalance. */
export const MaxAmount = 10n ** 15n;

/** A parsed amount, or the polite sentence to reply with. */
export type AmountParse = { ok: true; value: bigint } | { ok: false; message: string };

/** Options for parseAmount. */
export interface AmountOptions {
  /** What the number is, for the messages ("amount", "price"). */
  what: string;
  /** Whether 0 is acceptable (settings may turn a payment off). */
  allowZero: boolean;
}

/** Defaults for parseAmount: a positive amount. */
export const DefaultAmountOptions: AmountOptions = { what: 'amount', allowZero: false };

const maxText = MaxAmount.toLocaleString('en-US');

/**
 * Parses a whole number of currency units written with the digits 0-9 only (surrounding spaces ignored), from 1
 * (or 0 when allowed) to MaxAmount.
 */
export function parseAmount(raw: unknown, options: AmountOptions = DefaultAmountOptions): AmountParse {
  const { what } = options;
  const min = options.allowZero ? 0 : 1;
  const example = `like \`250\``;
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    return fail(`Give the ${what} as a whole number, ${example}.`);
  }
  if (typeof raw !== 'string') return fail(`Give the ${what} as a whole number written in digits, ${example}.`);
  const text = raw.trim();
  if (!/^[0-9]+$/.test(text)) {
    if (/^[-−]\s*[0-9]/.test(text)) return fail(`The ${what} can't be negative; give a number from ${min} up.`);
    if (/^0x/i.test(text)) return fail(`Write the ${what} in ordinary decimal digits, ${example} (no \`0x\`).`);
    if (/^[0-9.]+e[+-]?[0-9]+$/i.test(text)) {
      return fail(`Write the ${what} out in full digits, like \`1000000000\` rather than \`1e9\`.`);
    }
    if (/^[0-9]*[.,][0-9]/.test(text)) {
      return fail(`The ${what} must be a whole number, without decimals or separators, ${example}.`);
    }
    return fail(`The ${what} must be a whole number written with the digits 0-9 only, ${example}.`);
  }
  const digits = text.replace(/^0+(?=\d)/, '');
  // Compared by length first, so a thousand-digit string is refused without building a huge BigInt.
  if (digits.length > maxText.length || BigInt(digits) > MaxAmount) {
    return fail(`The ${what} can be at most ${maxText}.`);
  }
  const value = BigInt(digits);
  if (value < BigInt(min)) return fail(`The ${what} must be at least ${min}.`);
  return { ok: true, value };
}

function fail(message: string): AmountParse {
  return { ok: false, message };
}
