import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Core decides, the bot speaks (issue 10): what core emits is codes and numbers. These checks read the source:
 * converted code must hold no words for members and no Discord markdown, and the features still speaking English
 * through the temporary `legacy` refusal are listed with how many sentences they have left. Phase 2 of issue 10
 * converts them; each conversion lowers a count here, and the last one deletes the `legacy` code.
 */
const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** String literals of a file outside comments, logs and thrown errors (those speak to operators, not members). */
function memberFacingStrings(file: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const code = line.trim();
    if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) continue;
    if (/\blog\.(debug|info|warn|error)\(|new Error\(/.test(code)) continue;
    for (const m of code.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)) {
      out.push(m[1] ?? m[2] ?? m[3] ?? '');
    }
  }
  return out;
}

/** A sentence (three words or more) or Discord markdown (`**bold**`, `` `code` ``, `~~strike~~`, `__underline__`). */
const prose = /[\p{L}]+ [\p{L}]+ [\p{L}]+|\*\*|~~|__|`/u;

/** Converted code: every file here must emit codes only. */
const converted = [
  'features/karma',
  'features/guildhall',
  'features/reminders',
  'features/temproles',
  'features/birthdays',
  'features/economy',
  'features/levels',
  'features/moderation',
  'features/welcome',
  'feature.ts',
  'context.ts',
  'handlers.ts',
  'shared/commands/options.ts',
  'shared/permissions',
  'shared/money',
  'shared/scheduling',
];

describe('outcomes as data', () => {
  it('converted code holds no sentences and no markdown for members', () => {
    const found: string[] = [];
    for (const part of converted) {
      const path = join(src, part);
      const files = part.endsWith('.ts') ? [path] : filesUnder(path);
      for (const file of files) {
        for (const text of memberFacingStrings(file)) {
          if (prose.test(text)) found.push(`${relative(src, file)}: ${text}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('lists the prose refusals phase 2 still has to convert, feature by feature', () => {
    const left: Record<string, number> = {};
    for (const file of filesUnder(join(src, 'features'))) {
      const feature = relative(join(src, 'features'), file).split('/')[0] ?? '';
      const code = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
        .join('\n');
      // Each site hands the bot an English sentence: refuseLegacy(…), a local reject(…) or invalid(…) over it, or a
      // prose Refusal written as `{ code, message: '…' }`.
      const calls = code.match(/\b(?:refuseLegacy|reject|invalid)\(|\bmessage: [`'"]/g)?.length ?? 0;
      if (calls > 0) left[feature] = (left[feature] ?? 0) + calls;
    }
    expect(left).toEqual(LegacyLeft);
  });
});

/** Prose refusal sites left per feature (phase 2 of issue 10 brings each to zero and removes the entry). */
const LegacyLeft: Record<string, number> = {};
