import type { EconomySettings } from '@guildhall/db';
import type { Currency } from '@guildhall/events';

/** The currency block every economy result (and every refusal that names an amount) carries. */
export function currencyOf(settings: EconomySettings): Currency {
  return { name: settings.currencyName, symbol: settings.currencySymbol };
}
