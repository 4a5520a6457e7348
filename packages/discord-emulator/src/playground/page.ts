import { readFileSync } from 'node:fs';

/** The playground page: one static, dependency-free HTML file with inline CSS and JS. */
export const PLAYGROUND_HTML: string = readFileSync(new URL('./page.html', import.meta.url), 'utf8');
