import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { catalogJsonSchema, catalogMarkdown } from '../catalog-doc.ts';

// `pnpm catalog` writes docs/events.md and docs/events.schema.json; `--check` fails when they are stale.
const docs = fileURLToPath(new URL('../../../../docs/', import.meta.url));
const files = {
  [`${docs}events.md`]: catalogMarkdown(),
  [`${docs}events.schema.json`]: `${JSON.stringify(catalogJsonSchema(), null, 2)}\n`,
};

if (process.argv.includes('--check')) {
  const stale: string[] = [];
  for (const [path, content] of Object.entries(files)) {
    const current = await readFile(path, 'utf8').catch(() => '');
    if (current !== content) stale.push(path);
  }
  if (stale.length > 0) {
    console.error(`The event catalog is out of date: ${stale.join(', ')}\nRun \`pnpm catalog\` and commit the result.`);
    process.exit(1);
  }
  console.log('event catalog is up to date');
} else {
  for (const [path, content] of Object.entries(files)) await writeFile(path, content);
  console.log(`wrote ${Object.keys(files).join(', ')}`);
}
