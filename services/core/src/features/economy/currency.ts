import type { EconomySettings } from '@guildhall/db';
import type { Currency } from '@guildhall/events';

/** The currency block every economy result carries. */
export function currencyOf(settings: EconomySettings): Currency {
  return { name: settings.currencyName, symbol: settings.currencySymbol };
}

/** An amount as refusal sentences write it: `🪙 1,250 coins`. */
export function money(settings: EconomySettings, amount: bigint): string {
  return `${settings.currencySymbol} ${amount.toLocaleString('en-US')} ${settings.currencyName}`;
}
