import { describe, expect, it } from 'vitest';
import { optionsSchema, renderWelcome, welcomeCommand, WelcomeTemplate } from '../src/index.ts';

/** The refusal a failed parse carries (what core passes on to the member), or the issue's code. */
function refusalOf(text: string): unknown {
  const parsed = WelcomeTemplate.safeParse(text);
  if (parsed.success) return null;
  const [issue] = parsed.error.issues;
  return (issue as { params?: { refusal?: unknown } } | undefined)?.params?.refusal ?? issue?.code;
}

describe('welcome templates', () => {
  it('accept the known placeholders, trimmed', () => {
    expect(WelcomeTemplate.parse('Hi {user}, welcome to {server}! You are #{count}. ')).toBe(
      'Hi {user}, welcome to {server}! You are #{count}.',
    );
  });

  it('refuse an unknown placeholder, naming it, and more than five placeholders, with codes', () => {
    expect(refusalOf('Hi {name}')).toEqual({ code: 'welcome.template.placeholder', name: 'name' });
    expect(refusalOf('Hi {}')).toEqual({ code: 'welcome.template.placeholder', name: '' });
    expect(refusalOf('{user}'.repeat(6))).toEqual({ code: 'welcome.template.too_many', max: 5 });
    expect(refusalOf('   ')).toBe('too_small');
  });

  it('are what `/welcome set message:` parses, within 1 to 1000 characters', () => {
    const set = optionsSchema(welcomeCommand.subcommands.set);
    expect(set.safeParse({ channel: '1', message: 'x'.repeat(1000) }).success).toBe(true);
    expect(set.safeParse({ channel: '1', message: 'x'.repeat(1001) }).success).toBe(false);
    expect(set.safeParse({ channel: '1', message: '{nope}' }).success).toBe(false);
    expect(set.safeParse({ channel: '1' }).success).toBe(true);
  });

  it('render every placeholder and stay within 2000 characters', () => {
    const values = { user: '<@1>', server: 'Guild', count: '42' };
    expect(renderWelcome('Welcome to {server}, {user}! You are member #{count}.', values)).toBe(
      'Welcome to Guild, <@1>! You are member #42.',
    );
    expect(renderWelcome('{server}'.repeat(5) + 'x'.repeat(995), { ...values, server: 's'.repeat(300) })).toHaveLength(
      2000,
    );
  });
});
