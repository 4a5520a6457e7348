import { createServer, Socket, type Server } from 'node:net';

/** A TCP proxy a test can cut and restore, to give one process an outage without stopping a shared server. */
export interface TcpProxy {
  port: number;
  /** Drops every open connection and refuses new ones, as if the server had gone away. */
  cut: () => void;
  /** Accepts and forwards connections again; connections held by blackHole() are dropped. */
  restore: () => void;
  /**
   * Stops passing on what clients send, leaving connections open, as a network that has stopped delivering: what
   * they send from now on never reaches the server (cut() then drops it).
   */
  stall: () => void;
  /** What clients sent since stall() that never reached the server, as text: a test waits on it. */
  stalled: () => string;
  /**
   * A black-holed route: open connections stay open but nothing passes in either direction, and new connections are
   * accepted and never forwarded. No RST, no FIN: only a timeout or a heartbeat can tell.
   */
  blackHole: () => void;
  /** Connections accepted so far (each reconnect is one). */
  readonly accepted: number;
  close: () => Promise<void>;
}

/** Starts a proxy on 127.0.0.1 (random port) forwarding to host:port. */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const clients = new Map<Socket, Socket>();
  const swallowed = new Set<Socket>();
  const stalled: Buffer[] = [];
  let mode: 'forward' | 'down' | 'black-hole' = 'forward';
  let accepted = 0;
  /** Reads and discards everything, so the sender's writes succeed and nothing arrives. */
  const swallow = (socket: Socket) => {
    swallowed.add(socket);
    socket.removeAllListeners('data');
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => swallowed.delete(socket));
    socket.resume();
  };
  const server: Server = createServer((client) => {
    if (mode === 'down') {
      client.destroy();
      return;
    }
    accepted++;
    if (mode === 'black-hole') {
      swallow(client);
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
  const destroyAll = () => {
    for (const s of [...open, ...swallowed]) s.destroy();
    open.clear();
    swallowed.clear();
    clients.clear();
  };
  return {
    port: address.port,
    get accepted() {
      return accepted;
    },
    cut: () => {
      mode = 'down';
      destroyAll();
      stalled.length = 0;
    },
    restore: () => {
      mode = 'forward';
      for (const s of swallowed) s.destroy();
      swallowed.clear();
    },
    stall: () => {
      for (const [client, upstream] of clients) {
        client.unpipe(upstream);
        // Unpiping pauses the stream; reading on keeps the client's writes flowing into nowhere.
        client.on('data', (chunk: Buffer) => stalled.push(chunk)).resume();
      }
    },
    stalled: () => Buffer.concat(stalled).toString('latin1'),
    blackHole: () => {
      mode = 'black-hole';
      for (const [client, upstream] of clients) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        // Neither end hears of the other again; the pair stays open until restore() or cut().
        open.delete(client);
        open.delete(upstream);
        for (const s of [client, upstream]) s.removeAllListeners('close').removeAllListeners('error');
        swallow(client);
        swallow(upstream);
      }
      clients.clear();
    },
    close: async () => {
      mode = 'down';
      destroyAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
