/**
 * A TCP relay that adds latency: every chunk, in either direction, is passed on a fixed time after it arrived, in
 * order. In front of a server it turns loopback into a link with a round-trip time of twice the delay (this
 * kernel has no netem). Connecting costs nothing extra: the relay accepts at once and the TCP handshake stays
 * local, so a TLS 1.3 connection costs one round trip and each request one more.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** Options of `startDelayRelay`. */
export interface DelayRelayOptions {
  listen: { host: string; port: number };
  target: { host: string; port: number };
  /** One-way delay added to every chunk, in ms. */
  delayMs: number;
}

/** A running relay. */
export interface DelayRelay {
  close(): Promise<void>;
}

/** Pass `from`'s data to `to` after the delay; end `to` after the last chunk. */
function pipeDelayed(from: Socket, to: Socket, delayMs: number): void {
  from.on('data', (chunk: Buffer) => {
    setTimeout(() => to.write(chunk), delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs));
}

/** Start a relay; resolves once it listens. */
export function startDelayRelay(options: DelayRelayOptions): Promise<DelayRelay> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(options.target.port, options.target.host);
    for (const socket of [client, upstream]) {
      // Without this, Nagle's algorithm meeting delayed ACKs holds small writes back up to 40 ms more.
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // A reset on one side ends the other at once; the client sees the failure as it would on a real link.
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    pipeDelayed(client, upstream, options.delayMs);
    pipeDelayed(upstream, client, options.delayMs);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listen.port, options.listen.host, () =>
      resolve({
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) {
              socket.destroy();
            }
            server.close(() => done());
          }),
      }),
    );
  });
}
