import { z } from 'zod';
import { catalog, type CatalogEntry } from './catalog.ts';
import { topology } from './topology.ts';

/** JSON Schema of every event, keyed by `type@version`. */
export function catalogJsonSchema(): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (const entry of catalog) {
    schemas[`${entry.type}@${entry.version}`] = z.toJSONSchema(entry.schema, { io: 'input', unrepresentable: 'any' });
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Guildhall events',
    description: 'Generated from packages/events by `pnpm catalog`. Do not edit by hand.',
    events: schemas,
  };
}

interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  additionalProperties?: JsonSchemaNode | boolean;
}

function typeOf(node: JsonSchemaNode): string {
  if (node.const !== undefined) return `\`${JSON.stringify(node.const)}\``;
  if (node.enum) return node.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  const alts = node.anyOf ?? node.oneOf;
  if (alts) return alts.map(typeOf).join(' \\| ');
  if (node.type === 'array') return `${node.items ? typeOf(node.items) : 'unknown'}[]`;
  if (node.type === 'object' && !node.properties && typeof node.additionalProperties === 'object')
    return `record of ${typeOf(node.additionalProperties)}`;
  if (Array.isArray(node.type)) return node.type.join(' \\| ');
  if (node.type === 'string' && node.pattern === '^\\d{1,20}$') return 'snowflake';
  return node.type ?? 'unknown';
}

function rows(node: JsonSchemaNode, prefix: string, out: string[]): void {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const required = node.required?.includes(name) ? 'yes' : 'no';
    out.push(`| \`${path}\` | ${typeOf(child)} | ${required} | ${(child.description ?? '').replace(/\n/g, ' ')} |`);
    if (child.properties) rows(child, path, out);
    if (child.type === 'array' && child.items?.properties) rows(child.items, `${path}[]`, out);
  }
}

function section(entry: CatalogEntry): string {
  const schema = z.toJSONSchema(entry.schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  const payload = schema.properties?.['payload'] ?? {};
  const t = topology();
  const exchange = entry.direction === 'request' ? t.exchanges.requests : t.exchanges.results;
  const lines = [
    `### \`${entry.type}\` v${entry.version}`,
    '',
    entry.description,
    '',
    `Direction: ${entry.direction}. Exchange \`${exchange}\`, routing key \`${entry.type}\`.`,
    '',
    '| payload field | type | required | notes |',
    '|---|---|---|---|',
  ];
  rows(payload, '', lines);
  return lines.join('\n');
}

/** The markdown event catalog. */
export function catalogMarkdown(): string {
  const requests = catalog.filter((e) => e.direction === 'request');
  const results = catalog.filter((e) => e.direction === 'result');
  return [
    '# Guildhall event catalog',
    '',
    'Generated from the zod schemas in `packages/events` by `pnpm catalog`; `pnpm test` fails when it is out of date.',
    'Every event travels in the same envelope: `id` (UUIDv7), `type` (= routing key), `version`, `occurredAt`,',
    '`correlationId`, `causationId`, `payload`. AMQP properties mirror them (`messageId`, `type`, `correlationId`,',
    '`timestamp`, `contentType: application/json`).',
    '',
    '| type | version | direction | description |',
    '|---|---|---|---|',
    ...catalog.map((e) => `| \`${e.type}\` | ${e.version} | ${e.direction} | ${e.description} |`),
    '',
    '## Requests',
    '',
    ...requests.map(section).join('\n\n').split('\n'),
    '',
    '## Results',
    '',
    ...results.map(section).join('\n\n').split('\n'),
    '',
  ].join('\n');
}
