import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commands } from '@guildhall/events';
import { describe, expect, it } from 'vitest';
import { composeFeatures, defineFeature } from '../src/feature.ts';
import { features } from '../src/handlers.ts';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');
const featuresDir = join(src, 'features');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The relative imports of a file, resolved to absolute paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'|\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)].map((m) =>
    resolve(dirname(file), m[1] ?? m[2] ?? ''),
  );
}

/** The feature folder a path lies in, or undefined. */
function featureOf(path: string): string | undefined {
  const rel = relative(featuresDir, path);
  return rel.startsWith('..') ? undefined : rel.split(sep)[0];
}

describe('one feature shape', () => {
  it('no feature folder imports another feature’s folder, and shared plumbing imports no feature', () => {
    const crossings: string[] = [];
    for (const file of filesUnder(src)) {
      const own = featureOf(file);
      for (const target of importsOf(file)) {
        const theirs = featureOf(target);
        if (theirs === undefined || theirs === own) continue;
        // handlers.ts composes the list: the one file that may name every feature.
        if (file === join(src, 'handlers.ts') && target.endsWith(`${sep}index.ts`)) continue;
        crossings.push(`${relative(src, file)} -> ${relative(src, target)}`);
      }
    }
    expect(crossings).toEqual([]);
  });

  it('every feature folder exports its one module from index.ts, and handlers.ts lists each once', () => {
    const folders = readdirSync(featuresDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    expect(features.map((f) => f.name).sort()).toEqual(folders);
    for (const folder of folders) expect(readdirSync(join(featuresDir, folder))).toContain('index.ts');
  });

  it('routes every declared command to exactly one feature, and declares every routed one', () => {
    const routed = features.flatMap((f) => (f.commands ?? []).map((c) => c.name)).sort();
    expect(routed).toEqual(Object.keys(commands).sort());
  });

  it('refuses two features claiming the same command, action prefix or job kind', () => {
    const a = defineFeature({ name: 'a', jobs: { 'x.y': async () => undefined } });
    const b = defineFeature({ name: 'b', jobs: { 'x.y': async () => undefined } });
    expect(() => composeFeatures([a, b])).toThrow(/job kind x\.y is claimed by both a and b/);
  });
});
