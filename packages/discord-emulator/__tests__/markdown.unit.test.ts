import { Locale } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { formatTimestamp, renderMarkdown } from '../src/playground/markdown.ts';
import { commandHints } from '../src/playground/view.ts';

const ctx = {
  user: (id: string) => (id === '11' ? 'Alice' : undefined),
  role: (id: string) => (id === '22' ? { name: 'Moderator', color: 0xed4245 } : undefined),
  channel: (id: string) => (id === '33' ? 'general' : undefined),
  locale: 'en-US',
  timeZone: 'UTC',
  now: 1_700_000_000_000,
};
const md = (text: string): string => renderMarkdown(text, ctx);

describe('renderMarkdown', () => {
  it('escapes HTML before adding any markup', () => {
    expect(md('<img src=x onerror="alert(1)">')).toBe(
      '<span class="md-text">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</span>',
    );
    expect(md('**<b>hi</b>**')).toContain('<strong>&lt;b&gt;hi&lt;/b&gt;</strong>');
    expect(md('[click](javascript:alert(1))')).not.toContain('<a');
    expect(md('[x](https://a.b/"onmouseover=alert(1))')).not.toMatch(/href="[^"]*"on/);
  });

  it('renders bold, italic, underline, strike, spoilers and inline code', () => {
    expect(md('**alice** +1 → 1')).toBe('<span class="md-text"><strong>alice</strong> +1 → 1</span>');
    expect(md('*a* _b_ __c__ ~~d~~ ||e|| ***f***')).toBe(
      '<span class="md-text"><em>a</em> <em>b</em> <u>c</u> <s>d</s> <span class="md-spoiler">e</span> ' +
        '<strong><em>f</em></strong></span>',
    );
    expect(md('`**not bold** <i>`')).toContain('<code class="md-code">**not bold** &lt;i&gt;</code>');
    expect(md('snake_case_name')).toBe('<span class="md-text">snake_case_name</span>');
    expect(md('ice\\_cream \\*\\*x\\*\\*')).toBe('<span class="md-text">ice_cream **x**</span>');
  });

  it('renders code blocks, quotes, subtext, headers and lists as blocks', () => {
    expect(md('```js\nconst a = "<b>";\n```\nafter')).toBe(
      '<pre class="md-codeblock"><code>const a = &quot;&lt;b&gt;&quot;;</code></pre><span class="md-text">after</span>',
    );
    expect(md('> quoted **b**\n> two\nafter')).toBe(
      '<blockquote class="md-quote"><span class="md-text">quoted <strong>b</strong>\ntwo</span></blockquote>' +
        '<span class="md-text">after</span>',
    );
    expect(md('>>> all\nof it')).toBe(
      '<blockquote class="md-quote"><span class="md-text">all\nof it</span></blockquote>',
    );
    expect(md('-# small print')).toBe('<div class="md-subtext">small print</div>');
    expect(md('## Title')).toBe('<div class="md-h2">Title</div>');
    expect(md('- one\n- two')).toBe('<ul class="md-list"><li>one</li><li>two</li></ul>');
  });

  it('shows masked links as text plus url, and links bare urls', () => {
    expect(md('[Docs](https://x.y/a_b?c=1&d=2)')).toBe(
      '<span class="md-text"><a class="md-link" href="https://x.y/a_b?c=1&amp;d=2" target="_blank" ' +
        'rel="noopener noreferrer">Docs</a> <span class="md-url">(https://x.y/a_b?c=1&amp;d=2)</span></span>',
    );
    expect(md('see https://x.y/a_b_c.')).toContain('>https://x.y/a_b_c</a>.');
  });

  it('turns user, role and channel mentions into chips with names', () => {
    const html = md('<@11> <@!11> <@&22> <#33> <@99> @everyone');
    expect(html).toContain('<span class="md-mention" data-user-id="11">@Alice</span>');
    expect(html).toContain('<span class="md-mention md-role" style="color:#ed4245">@Moderator</span>');
    expect(html).toContain('<span class="md-mention">#general</span>');
    expect(html).toContain('@unknown-user');
    expect(html).toContain('<span class="md-mention">@everyone</span>');
  });

  it('formats <t:N:style> timestamps in the viewer locale, and relative ones against now', () => {
    const at = 1_700_000_000; // 2023-11-14 22:13:20 UTC
    expect(formatTimestamp(at, 't', ctx)).toBe('10:13 PM');
    expect(formatTimestamp(at, 'T', ctx)).toBe('10:13:20 PM');
    expect(formatTimestamp(at, 'd', ctx)).toBe('11/14/23');
    expect(formatTimestamp(at, 'D', ctx)).toBe('November 14, 2023');
    expect(formatTimestamp(at, 'f', ctx)).toBe('November 14, 2023 at 10:13 PM');
    expect(formatTimestamp(at, 'F', ctx)).toBe('Tuesday, November 14, 2023 at 10:13 PM');
    expect(formatTimestamp(at + 120, 'R', ctx)).toBe('in 2 minutes');
    expect(formatTimestamp(at - 3 * 3600, 'R', ctx)).toBe('3 hours ago');
    expect(formatTimestamp(at, 'f', { ...ctx, locale: 'de-DE' })).toBe('14. November 2023 um 22:13');
    expect(md(`ends <t:${at + 120}:R>`)).toContain(
      'data-style="R" title="Tuesday, November 14, 2023 at 10:15 PM">in 2 minutes</time>',
    );
    expect(md('<t:99999999999999999:R>')).toBe('<span class="md-text">&lt;t:99999999999999999:R&gt;</span>');
  });
});

describe('commandHints', () => {
  const karma = {
    name: 'karma',
    description: 'Karma',
    options: [
      {
        type: 1,
        name: 'top',
        description: 'Leaderboard',
        name_localizations: { de: 'bestenliste' },
        description_localizations: { de: 'Rangliste' },
        options: [{ type: 4, name: 'count', description: 'How many', name_localizations: { de: 'anzahl' } }],
      },
      {
        type: 1,
        name: 'give',
        description: 'Give',
        options: [
          { type: 6, name: 'user', description: 'Who', required: true },
          { type: 3, name: 'reason', description: 'Why', autocomplete: true },
        ],
      },
    ],
  };

  it('lists one entry per runnable path with its options', () => {
    const hints = commandHints([karma, { name: 'ping', description: 'Pong' }, { name: 'Report', type: 3 }]);
    expect(hints).toEqual([
      {
        path: 'karma top',
        label: 'karma top',
        description: 'Leaderboard',
        options: [
          {
            name: 'count',
            label: 'count',
            description: 'How many',
            required: false,
            type: 4,
            choices: [],
            autocomplete: false,
          },
        ],
      },
      {
        path: 'karma give',
        label: 'karma give',
        description: 'Give',
        options: [
          {
            name: 'user',
            label: 'user',
            description: 'Who',
            required: true,
            type: 6,
            choices: [],
            autocomplete: false,
          },
          {
            name: 'reason',
            label: 'reason',
            description: 'Why',
            required: false,
            type: 3,
            choices: [],
            autocomplete: true,
          },
        ],
      },
      { path: 'ping', label: 'ping', description: 'Pong', options: [] },
    ]);
  });

  it("shows names and descriptions in the viewer's locale, keeping the default names to send", () => {
    const [top, give] = commandHints([karma], Locale.German);
    expect(top).toMatchObject({ path: 'karma top', label: 'karma bestenliste', description: 'Rangliste' });
    expect(top?.options[0]).toMatchObject({ name: 'count', label: 'anzahl', description: 'How many' });
    expect(give).toMatchObject({ path: 'karma give', label: 'karma give' });
  });
});
