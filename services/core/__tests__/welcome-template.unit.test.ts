import { renderWelcome } from '@guildhall/events';
import { describe, expect, it } from 'vitest';
import { checkWelcomeTemplate, DefaultWelcomeTemplate } from '../src/features/welcome/template.ts';

describe('welcome templates', () => {
  it('accepts the known placeholders', () => {
    expect(checkWelcomeTemplate(DefaultWelcomeTemplate)).toBeNull();
    expect(checkWelcomeTemplate('Hi {user}')).toBeNull();
  });
  it('refuses unknown placeholders, too many, and empty or long text', () => {
    expect(checkWelcomeTemplate('Hi {name}')).toMatch(/Unknown placeholder `\{name\}`/);
    expect(checkWelcomeTemplate('{user}'.repeat(6))).toMatch(/at most 5/);
    expect(checkWelcomeTemplate('')).not.toBeNull();
    expect(checkWelcomeTemplate('x'.repeat(1001))).not.toBeNull();
  });
  it('renders every placeholder and stays within 2000 characters', () => {
    const values = { user: '<@1>', server: 'Guild', count: '42' };
    expect(renderWelcome(DefaultWelcomeTemplate, values)).toBe('Welcome to Guild, <@1>! You are member #42.');
    expect(renderWelcome('{server}'.repeat(5) + 'x'.repeat(995), { ...values, server: 's'.repeat(300) })).toHaveLength(
      2000,
    );
  });
});
