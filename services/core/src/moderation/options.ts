import type { CommandInvoked } from '@guildhall/events';

type Options = CommandInvoked['payload']['command']['options'];

/** A string option, trimmed; undefined when absent or empty. */
export function stringOption(options: Options, name: string): string | undefined {
  const value = options[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** An integer option; undefined when absent or not an integer. */
export function intOption(options: Options, name: string): number | undefined {
  const value = options[name];
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** A user/channel/role option: Discord sends its id as a string. */
export function idOption(options: Options, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' && /^\d{1,20}$/.test(value) ? value : undefined;
}
