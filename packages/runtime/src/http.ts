import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** What the ops endpoints ask of a service. */
export interface OpsEndpoints {
  registry: Registry;
  /** Ready to take work: dependencies reachable and not shutting down. */
  ready: () => boolean | Promise<boolean>;
}

/** Serves `/healthz` (process alive), `/readyz` (ready for work) and Prometheus `/metrics`. */
export async function startOpsServer(port: number, host: string, endpoints: OpsEndpoints): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        if (req.url === '/healthz') {
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
        } else if (req.url === '/readyz') {
          const ready = await endpoints.ready();
          res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ready\n' : 'not ready\n');
        } else if (req.url === '/metrics') {
          const body = await endpoints.registry.metrics();
          res.writeHead(200, { 'content-type': endpoints.registry.contentType }).end(body);
        } else {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        }
      } catch {
        if (!res.headersSent) res.writeHead(500).end();
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}

/** The port a server actually bound (useful with port 0). */
export function boundPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}
