import { msg } from '../message.ts';

/** Greetings, the welcome settings and their refusals. */
export const welcome = {
  defaultGreeting: msg<{ user: string; server: string; count: string }>(
    'Welcome to {server}, {user}! You are member #{count}.',
  ),
  someServer: msg('the server'),
  settingsTitle: msg<{ changed: string }>('{changed, select, yes {Welcome settings updated} other {Welcome settings}}'),
  greeting: msg('Greeting'),
  greetingIn: msg<{ channel: string }>('In {channel}'),
  message: msg('Message'),
  defaultMessage: msg<{ preview: string }>("Guildhall's default, in the server's language: {preview}"),
  autoRole: msg('Auto-role'),
  none: msg('None'),
  templatePlaceholder: msg<{ name: string; placeholders: string }>(
    '{name} is not a placeholder Guildhall knows; use {placeholders}.',
  ),
  templateTooMany: msg<{ max: number }>('Use at most {max, number} placeholders in a welcome message.'),
} as const;
