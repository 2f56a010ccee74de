// A TCP proxy in front of a real server that a test can cut and restore, to stage a database
// outage without touching the shared Postgres server.
import { once } from 'node:events';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

export type CutMode =
  /** Open connections are destroyed; new ones are accepted and closed at once. */
  | 'reset'
  /** Open connections are destroyed; the port stops listening (connection refused). */
  | 'refuse';

export interface TcpProxy {
  port: number;
  /** Connections accepted since the proxy started. */
  readonly connections: number;
  cut(mode?: CutMode): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let state: 'open' | 'reset' | 'refuse' = 'open';
  let connections = 0;
  let port = 0;
  let closed = false;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const onConnection = (client: Socket) => {
    connections += 1;
    track(client);
    if (state !== 'open') {
      client.destroy();
      return;
    }
    const upstream = tcpConnect(target.port, target.host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  };

  let server: Server;
  const listen = async () => {
    server = createServer(onConnection);
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    port = address.port;
  };
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
  };

  await listen();

  return {
    get port() {
      return port;
    },
    get connections() {
      return connections;
    },
    async cut(mode: CutMode = 'reset') {
      if (state !== 'open') throw new Error('already cut');
      state = mode;
      if (mode === 'refuse') {
        const stopped = stopListening();
        destroyAll();
        await stopped;
      } else {
        destroyAll();
      }
    },
    async restore() {
      if (state === 'refuse') await listen();
      state = 'open';
    },
    async close() {
      if (closed) return;
      closed = true;
      const stopped = state === 'refuse' ? Promise.resolve() : stopListening();
      state = 'reset';
      destroyAll();
      await stopped;
    },
  };
}
