import { createServer, Socket, type Server } from 'node:net';

/** A TCP proxy a test can cut and restore, to give one process an outage without stopping a shared server. */
export interface TcpProxy {
  port: number;
  /** Drops every open connection and refuses new ones, as if the server had gone away. */
  cut: () => void;
  /** Accepts connections again. */
  restore: () => void;
  /**
   * Stops passing on what clients send, leaving connections open, as a network that has stopped delivering: what
   * they send from now on never reaches the server (cut() then drops it).
   */
  stall: () => void;
  close: () => Promise<void>;
}

/** Starts a proxy on 127.0.0.1 (random port) forwarding to host:port. */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const clients = new Map<Socket, Socket>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    open.add(client);
    open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
      clients.delete(client);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.connect(port, host, () => {
      client.pipe(upstream);
      upstream.pipe(client);
      clients.set(client, upstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    cut: () => {
      down = true;
      for (const s of open) s.destroy();
      open.clear();
    },
    restore: () => {
      down = false;
    },
    stall: () => {
      for (const [client, upstream] of clients) {
        client.unpipe(upstream);
        client.pause();
      }
    },
    close: async () => {
      down = true;
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
