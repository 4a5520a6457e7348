import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const PAGE = new URL('../../page/', import.meta.url);

/** The playground page's markup (`page/index.html`). */
export const PLAYGROUND_HTML: string = readFileSync(new URL('index.html', PAGE), 'utf8');

/** The page's stylesheet (`page/style.css`), served as `/playground/style.css`. */
export const PLAYGROUND_CSS: string = readFileSync(new URL('style.css', PAGE), 'utf8');

let script: Promise<string> | undefined;

/**
 * The page's script, `page/src/main.ts` and what it imports (the markdown renderer, the shared protocol types)
 * bundled by esbuild into one ES module, built on first request and kept. `pnpm typecheck` checks the same sources
 * against the DOM library (`page/tsconfig.json`); esbuild only strips the types.
 */
export function playgroundScript(): Promise<string> {
  script ??= build({
    entryPoints: [fileURLToPath(new URL('src/main.ts', PAGE))],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    sourcemap: 'inline',
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  // A failed build is not cached, so fixing the source and reloading works without a restart.
  script.catch(() => (script = undefined));
  return script;
}
