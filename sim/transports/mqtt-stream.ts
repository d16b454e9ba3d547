// The socket under an MQTT connection, built by us rather than by mqtt.js so that every socket —
// the first one and each one a reconnect opens — has TCP_NODELAY. mqtt.js's own builders never set
// it, and with Nagle's algorithm on, a small PUBLISH written while the previous one is still
// unacknowledged waits for a delayed ACK (~40 ms): QoS 1 drops from ~25k to ~700 msg/s.

import net from 'node:net';
import tls from 'node:tls';
import type { ResolvedMqttOptions } from './mqtt-options.ts';

export type MqttSocket = net.Socket | tls.TLSSocket;

/**
 * The socket's write buffer before `write()` reports back-pressure. mqtt.js attaches one
 * `once('drain')` listener per packet written while the socket is over this mark, and Node removes
 * each by scanning the list: a burst of 1,000 publishes (a WDPC facility's node power every 100 ms)
 * over the default 16 KiB cost O(n²) — most of the engine's CPU in a profile. 4 MiB holds such a
 * burst; the publish pipeline still bounds what waits for acknowledgements.
 */
export const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Returns a function that opens a fresh socket to the broker each time it is called; mqtt.js
 * calls it for the first connect and for every reconnect. `onSocket` sees each socket, so the
 * connection can remember why the last one failed.
 */
export function mqttSocketFactory(
  opts: ResolvedMqttOptions,
  onSocket: (socket: MqttSocket) => void,
): () => MqttSocket {
  return () => {
    const socket = opts.secure ? openTls(opts) : net.connect({ host: opts.host, port: opts.port, noDelay: true, writableHighWaterMark: WRITE_BUFFER_BYTES } as net.NetConnectOpts);
    // setNoDelay before the TCP handshake is remembered by libuv and applied when the descriptor
    // exists. It is needed for TLS: tls.connect() silently ignores the `noDelay` option (checked with
    // getsockopt(TCP_NODELAY) on Node 20; see test/transports/mqtt-nodelay.test.ts).
    socket.setNoDelay(true);
    if (opts.coalesceWrites) coalesceWrites(socket);
    onSocket(socket);
    return socket;
  };
}

function openTls(opts: ResolvedMqttOptions): tls.TLSSocket {
  return tls.connect({
    host: opts.host,
    port: opts.port,
    // SNI must not carry an IP literal (RFC 6066 §3); certificate checks against the IP still run.
    servername: net.isIP(opts.host) === 0 ? opts.host : undefined,
    ca: opts.tls.ca,
    cert: opts.tls.cert,
    key: opts.tls.key,
    rejectUnauthorized: opts.tls.rejectUnauthorized,
    writableHighWaterMark: WRITE_BUFFER_BYTES,
  } as tls.ConnectionOptions);
}

/**
 * Holds the socket's writes while a received chunk is handled and sends them in one write once the
 * event loop has handled the chunk (mqtt.js writes every acknowledgement on its own tick: one
 * system call per message). Registered before mqtt.js pipes the socket, so it sees each chunk first.
 */
function coalesceWrites(socket: MqttSocket): void {
  socket.on('data', () => {
    socket.cork();
    setImmediate(uncork, socket);
  });
}

function uncork(socket: MqttSocket): void {
  socket.uncork();
}
