// The system under test for the DSX figure: N signed status events published at QoS 1 to a broker
// and received by a QoS 1 subscriber, both through gridtwin's MqttConnection. Events are sealed
// (signed + enveloped) either on the main thread or in a piscina pool of signing workers; the rate
// is counted from the first event's preparation to the subscriber's receipt of the last one.
import { Piscina } from 'piscina';
import { compactVerify, importJWK, type JWK } from 'jose';
import { connectMqtt, type MqttConnection } from '../sim/transports/mqtt-connection.ts';
import { createFastSigner } from '../sim/bindings/dsx-pm/jws-fast-signer.ts';
import type { GeneratedKeys } from '../sim/bindings/dsx-pm/keys.ts';
import { EventSource, seal, statusChannel, statusTopic, type PreparedEvent } from './dsx-events.ts';

export interface PipelineOptions {
  events: number;
  /** 0: seal on the main thread; n: seal in n piscina worker threads. */
  threads: number;
  /** Events per worker task: amortises the ~30 µs task round trip. */
  batch?: number;
  /** Publishes submitted but not yet acknowledged; beyond the connection's window they queue. */
  maxOutstanding?: number;
  /** The publisher connection's QoS 1 window (MqttConnectOptions.maxInflight). */
  maxInflight?: number;
  /**
   * Transport only: publish these already-sealed envelopes (cycling) instead of building and
   * signing events, to separate the cost of MQTT from the cost of signing.
   */
  presealed?: Buffer[];
}

export interface PipelineResult {
  events: number;
  seconds: number;
  rate: number;
}

const STALL_MS = 15_000;
const NO_EVENT: PreparedEvent = { id: '', traceparent: '', time: '', wireData: '' };

/** Connections and (optionally) a signing pool, reused across repeats of one configuration. */
export class DsxPipeline {
  private constructor(
    private readonly keys: GeneratedKeys,
    private readonly pub: MqttConnection,
    private readonly sub: MqttConnection,
    private readonly pool: Piscina | undefined,
    private readonly opts: Required<PipelineOptions>,
  ) {}

  static async open(url: string, keys: GeneratedKeys, o: PipelineOptions): Promise<DsxPipeline> {
    const opts = { batch: 64, maxOutstanding: 2000, maxInflight: 1000, presealed: [], ...o };
    const tag = `${process.pid}-${opts.threads}-${opts.presealed.length}`;
    const pub = await connectMqtt({ url, clientId: `bench-pub-${tag}`, protocolVersion: 4, reconnect: false, maxInflight: opts.maxInflight });
    const sub = await connectMqtt({ url, clientId: `bench-sub-${tag}`, protocolVersion: 4, reconnect: false }).catch(async (err) => {
      await pub.end(true);
      throw err;
    });
    await sub.subscribe([statusTopic()], { qos: 1 });
    const pool =
      opts.threads > 0 && opts.presealed.length === 0
        ? new Piscina({
            filename: new URL('./sign-worker.mjs', import.meta.url).href,
            minThreads: opts.threads,
            maxThreads: opts.threads,
            workerData: { privateJwk: keys.privateJwk },
          })
        : undefined;
    return new DsxPipeline(keys, pub, sub, pool, opts);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pub.end(), this.sub.end(), this.pool?.destroy()]);
  }

  /** One measured run of `events` events (or fewer, for a warm-up). */
  run(events = this.opts.events): Promise<PipelineResult> {
    const { pub, sub, pool, opts } = this;
    const topic = statusTopic();
    const channel = statusChannel();
    const signer = createFastSigner(this.keys.privateJwk);
    const source = new EventSource();
    return new Promise<PipelineResult>((resolve, reject) => {
      let prepared = 0; // events handed to sealing (main thread or pool)
      let inPool = 0; // events inside pool tasks
      let outstanding = 0; // published, not yet acknowledged
      let received = 0;
      let lastReceived = '';
      let progressAt = performance.now();
      let failed = false;
      let pumping = false;
      const start = performance.now();

      const fail = (err: unknown) => {
        if (failed) return;
        failed = true;
        finish();
        reject(err);
      };
      const publish = (payload: Buffer) => {
        outstanding++;
        pub.publish(topic, payload, { qos: 1 }).then(() => {
          outstanding--;
          schedulePump();
        }, fail);
      };
      const room = () => opts.maxOutstanding - outstanding - inPool;
      const nextBatch = (): PreparedEvent[] => {
        const n = Math.min(opts.batch, events - prepared, room());
        const batch: PreparedEvent[] = [];
        // Transport-only runs count slots; their payloads were built beforehand.
        for (let i = 0; i < n; i++) batch.push(opts.presealed.length > 0 ? NO_EVENT : source.next());
        prepared += n;
        return batch;
      };
      // Fills the pipeline up to maxOutstanding, one batch per turn of the event loop so that acks
      // and inbound messages are processed between batches.
      const pump = () => {
        pumping = false;
        if (failed || prepared >= events || room() < opts.batch) return;
        const batch = nextBatch();
        if (opts.presealed.length > 0) {
          for (let i = 0; i < batch.length; i++) publish(opts.presealed[(prepared - batch.length + i) % opts.presealed.length]);
        } else if (pool) {
          inPool += batch.length;
          pool.run(packEvents(batch)).then((buffer: ArrayBuffer) => {
            inPool -= batch.length;
            for (const payload of unpack(buffer)) publish(payload);
          }, fail);
        } else {
          for (const ev of batch) publish(seal(ev, signer, channel));
        }
        schedulePump();
      };
      const schedulePump = () => {
        if (!pumping) {
          pumping = true;
          setImmediate(pump);
        }
      };
      const stopListening = sub.onMessage((t, payload) => {
        if (t !== topic) return;
        received++;
        progressAt = performance.now();
        if (received === events) {
          lastReceived = payload.toString('utf8');
          const seconds = (performance.now() - start) / 1000;
          finish();
          verifyEnvelope(lastReceived, this.keys.publicJwks.keys[0]).then(
            () => resolve({ events, seconds, rate: events / seconds }),
            reject,
          );
        }
      });
      const watchdog = setInterval(() => {
        if (performance.now() - progressAt > STALL_MS) {
          fail(new Error(`pipeline stalled: ${received}/${events} received, ${outstanding} unacknowledged, stats ${JSON.stringify(pub.stats)}`));
        }
      }, 1000);
      function finish() {
        clearInterval(watchdog);
        stopListening();
      }
      schedulePump();
    });
  }
}

/**
 * A batch of prepared events as one string (fields and events separated by newlines, which JSON
 * and the ids never contain): cloning one string to a worker is far cheaper than cloning 64
 * objects of four strings each. sign-worker.mjs splits it again.
 */
export function packEvents(batch: PreparedEvent[]): string {
  return batch.map((e) => `${e.id}\n${e.traceparent}\n${e.time}\n${e.wireData}`).join('\n');
}

/** Splits a worker's packed batch (see sign-worker.mjs) into per-message views without copying. */
export function unpack(buffer: ArrayBuffer): Buffer[] {
  const count = new Uint32Array(buffer, 0, 1)[0];
  const ends = new Uint32Array(buffer, 4, count);
  const base = 4 * (count + 1);
  const out: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    out.push(Buffer.from(buffer, base + at, ends[i] - at));
    at = ends[i];
  }
  return out;
}

/** The last message must be a well-formed envelope whose JWS verifies: the rate counts real events. */
async function verifyEnvelope(text: string, publicJwk: JWK): Promise<void> {
  const env = JSON.parse(text) as { type?: string; data?: string };
  if (env.type !== statusChannel().eventType || typeof env.data !== 'string') throw new Error(`unexpected message: ${text.slice(0, 200)}`);
  await compactVerify(env.data, await importJWK(publicJwk, 'ES256'));
}
