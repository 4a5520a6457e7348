import { embedLength } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { embed, EmbedLimits, fitRows, Palette } from '../src/render/embed.ts';

describe('embed', () => {
  it('has one look: a colour per kind, and only the parts given', () => {
    expect(embed({ kind: 'refusal', description: 'No.' })).toEqual({ color: Palette.refusal, description: 'No.' });
    const at = new Date('2026-01-01T00:00:00Z');
    expect(
      embed({
        kind: 'info',
        author: 'A',
        title: 'T',
        fields: [{ name: 'n', value: 'v', inline: true }],
        footer: 'F',
        timestamp: at,
      }),
    ).toEqual({
      color: Palette.info,
      author: { name: 'A' },
      title: 'T',
      fields: [{ name: 'n', value: 'v', inline: true }],
      footer: { text: 'F' },
      timestamp: '2026-01-01T00:00:00.000Z',
    });
  });

  it("cuts every part to Discord's limits instead of being refused by them", () => {
    const out = embed({
      kind: 'info',
      title: 't'.repeat(300),
      description: 'd'.repeat(5000),
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `${i}`.repeat(300), value: 'v'.repeat(2000) })),
      footer: 'f'.repeat(3000),
      author: 'a'.repeat(300),
    });
    expect(out.title).toHaveLength(EmbedLimits.title);
    expect(out.title?.endsWith('…')).toBe(true);
    expect(out.author?.name).toHaveLength(EmbedLimits.author);
    expect(out.footer?.text.length).toBeLessThanOrEqual(EmbedLimits.footer);
    expect((out.fields ?? []).length).toBeLessThanOrEqual(EmbedLimits.fields);
    for (const f of out.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(EmbedLimits.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(EmbedLimits.fieldValue);
    }
    expect(embedLength(out)).toBeLessThanOrEqual(EmbedLimits.total);
  });

  it('shortens the description when the fixed parts alone use most of the 6000', () => {
    const out = embed({
      kind: 'info',
      title: 't'.repeat(256),
      description: 'd'.repeat(4096),
      footer: 'f'.repeat(2048),
    });
    expect(embedLength(out)).toBe(EmbedLimits.total);
    expect(out.footer?.text).toHaveLength(2048);
  });

  it('never sends an empty field, which Discord refuses', () => {
    expect(embed({ kind: 'info', fields: [{ name: '', value: '' }] }).fields).toEqual([
      { name: '\u200b', value: '\u200b' },
    ]);
  });
});

describe('fitRows', () => {
  it('keeps the rows that fit and says how many were left out', () => {
    const rows = Array.from({ length: 10 }, (_, i) => `row ${i} ${'x'.repeat(90)}`);
    const out = fitRows(rows, (n) => `…and ${n} more`, 400);
    expect(out.length).toBeLessThanOrEqual(400);
    const lines = out.split('\n');
    expect(lines.at(-1)).toBe(`…and ${10 - (lines.length - 1)} more`);
    expect(fitRows(['a', 'b'], () => 'never')).toBe('a\nb');
  });
});
