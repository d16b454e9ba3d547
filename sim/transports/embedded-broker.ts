// The broker of the default run: aedes inside the gridtwin process, so `gridtwin run` needs nothing
// else installed. aedes speaks MQTT 3.1.1 only: it answers an MQTT 5 CONNECT with a 3.1.1 CONNACK
// carrying return code 1 ("unacceptable protocol version") and closes the socket, which connectMqtt
// reports as a ConnectionError naming the way out (--broker with Mosquitto).

import net from 'node:net';
import { Aedes } from 'aedes';

export interface EmbeddedBrokerOptions {
  /** Default 127.0.0.1: the embedded broker is for this machine unless asked otherwise. */
  host?: string;
  /** Default 0: the OS picks a free port, read it back from `port`. */
  port?: number;
}

export interface EmbeddedBroker {
  /** `mqtt://host:port` to hand to connectMqtt. */
  readonly url: string;
  readonly port: number;
  /** Clients that completed CONNECT and are still connected. */
  readonly clients: number;
  /** Disconnects every client and stops listening; resolves once the port is free. */
  close(): Promise<void>;
}

export async function startEmbeddedBroker(opts: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const host = opts.host ?? '127.0.0.1';
  const aedes = await Aedes.createBroker();
  // aedes only knows sockets that sent CONNECT; a socket that never does must not keep close() waiting.
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    // Same reason as on the client side (mqtt-stream.ts): without TCP_NODELAY every small PUBACK
    // or forwarded PUBLISH can wait for a delayed ACK.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `mqtt://${hostPart}:${port}`,
    port,
    get clients() {
      return aedes.connectedClients;
    },
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await stopped;
      })();
      return closing;
    },
  };
}
