import { readFileSync } from 'node:fs';

/** The playground page: one static, dependency-free HTML file with inline CSS and JS. */
export const PLAYGROUND_HTML: string = readFileSync(new URL('./page.html', import.meta.url), 'utf8');

/** The markdown renderer the page imports (`/playground/markdown.js`), served as written. */
export const PLAYGROUND_MARKDOWN_JS: string = readFileSync(new URL('./markdown.js', import.meta.url), 'utf8');
