// Docker HEALTHCHECK: healthy when the service's ops server says it is ready (/readyz answers 200).
// Plain JavaScript, so a probe costs a node start and not a TypeScript compile.
const defaultPorts = { core: 9101, bot: 9102, scheduler: 9103, web: 9104, 'rest-proxy': 9105 };
const port = process.env.HTTP_PORT ?? defaultPorts[process.env.SERVICE ?? ''];
if (!port) {
  console.error(`no ops port for SERVICE=${process.env.SERVICE}`);
  process.exit(1);
}
try {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) });
  process.exit(res.ok ? 0 : 1);
} catch (err) {
  console.error(`ops server on ${port}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
