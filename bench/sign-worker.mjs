// piscina worker that signs and encodes batches of prepared DSX events (bench/dsx-events.ts).
// Worker threads do not inherit the main thread's TypeScript loader, so tsx is registered here
// before the .ts modules are imported (as in sim/workers/model-worker.mjs).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';
import { Piscina } from 'piscina';

register();
const { seal, statusChannel } = await import('./dsx-events.ts');
const { createFastSigner } = await import('../sim/bindings/dsx-pm/jws-fast-signer.ts');

const signer = createFastSigner(workerData.privateJwk);
const channel = statusChannel();

/**
 * Returns the encoded envelopes packed into one buffer: a Uint32 header [count, end_0 .. end_n-1]
 * followed by the bytes (ends are relative to the data start; see unpack in dsx-pipeline.ts). The
 * buffer is moved, not copied, to the main thread: one transfer per batch, not a clone per message.
 */
export default function signBatch(packed) {
  // The main thread sends the batch as one string (packEvents in dsx-pipeline.ts): 4 lines per event.
  const lines = packed.split('\n');
  const parts = [];
  for (let i = 0; i + 3 < lines.length; i += 4) {
    parts.push(seal({ id: lines[i], traceparent: lines[i + 1], time: lines[i + 2], wireData: lines[i + 3] }, signer, channel));
  }
  const headerBytes = 4 * (parts.length + 1);
  const total = parts.reduce((n, p) => n + p.length, 0);
  const buffer = new ArrayBuffer(headerBytes + total);
  const header = new Uint32Array(buffer, 0, parts.length + 1);
  const bytes = new Uint8Array(buffer, headerBytes);
  header[0] = parts.length;
  let at = 0;
  parts.forEach((p, i) => {
    bytes.set(p, at);
    at += p.length;
    header[i + 1] = at;
  });
  return Piscina.move(buffer);
}
