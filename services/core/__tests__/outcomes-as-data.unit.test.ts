import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Core decides, the bot speaks (issue 10): what core emits is codes and numbers. These checks read the source: no
 * file of core holds words for members or Discord markdown, and no feature words a refusal of its own.
 */
const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/**
 * String literals of a file outside comments, logs, thrown errors and metric definitions (those speak to operators,
 * not members). A log call or metric definition spanning several lines is skipped until its parentheses close.
 */
function memberFacingStrings(file: string): string[] {
  const out: string[] = [];
  let openLog = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const code = line.trim();
    if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) continue;
    const depth = (code.match(/\(/g)?.length ?? 0) - (code.match(/\)/g)?.length ?? 0);
    if (openLog > 0) {
      openLog += depth;
      continue;
    }
    if (/\blog\.(debug|info|warn|error)\(|\bm\.(counter|gauge|histogram)\(/.test(code)) {
      openLog = Math.max(0, depth);
      continue;
    }
    if (/new Error\(/.test(code)) continue;
    for (const m of code.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g)) {
      out.push(m[1] ?? m[2] ?? m[3] ?? '');
    }
  }
  return out;
}

/** A sentence (three words or more) or Discord markdown (`**bold**`, `` `code` ``, `~~strike~~`, `__underline__`). */
const prose = /[\p{L}]+ [\p{L}]+ [\p{L}]+|\*\*|~~|__|`/u;

describe('outcomes as data', () => {
  it('core holds no sentences and no markdown for members', () => {
    const found: string[] = [];
    for (const file of filesUnder(src)) {
      for (const text of memberFacingStrings(file)) {
        if (prose.test(text)) found.push(`${relative(src, file)}: ${text}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('no feature words a refusal of its own', () => {
    const left: Record<string, number> = {};
    for (const file of filesUnder(join(src, 'features'))) {
      const feature = relative(join(src, 'features'), file).split('/')[0] ?? '';
      const code = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
        .join('\n');
      // A site that would hand the bot an English sentence: a reject(…) or invalid(…) helper, or a prose refusal
      // written as `{ code, message: '…' }`.
      const calls = code.match(/\b(?:refuseLegacy|reject|invalid)\(|\bmessage: [`'"]/g)?.length ?? 0;
      if (calls > 0) left[feature] = (left[feature] ?? 0) + calls;
    }
    expect(left).toEqual({});
  });
});
