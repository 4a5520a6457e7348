import { WelcomePlaceholders } from '@guildhall/events';

/** The greeting a guild gets when it sets a channel without a message. */
export const DefaultWelcomeTemplate = 'Welcome to {server}, {user}! You are member #{count}.';

/** At most this many placeholders, so a rendered greeting stays within Discord's 2000 characters. */
const maxPlaceholders = 5;

/** Checks a welcome template; returns what to fix, or null when it is fine. */
export function checkWelcomeTemplate(template: string): string | null {
  if (template.length === 0 || template.length > 1000) return 'A welcome message has 1 to 1000 characters.';
  const used = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] ?? '');
  const unknown = used.filter((name) => !(WelcomePlaceholders as readonly string[]).includes(name));
  if (unknown.length > 0)
    return `Unknown placeholder \`{${unknown[0]}}\`; use \`{user}\`, \`{server}\` and \`{count}\`.`;
  if (used.length > maxPlaceholders) return `Use at most ${maxPlaceholders} placeholders.`;
  return null;
}
