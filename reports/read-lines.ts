// Reads a run folder's files line by line (timeseries.csv, traffic.ndjson): a long run's files can be
// far larger than memory should hold, so report writers stream them and keep only what they plot.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/**
 * The lines of `path`, streamed; undefined when the file does not exist (a run that stopped before
 * writing it, or a summary rendered on its own). Any other problem (a folder, no permission) throws.
 */
export async function openLines(path: string): Promise<AsyncIterable<string> | undefined> {
  try {
    await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const input = createReadStream(path, { encoding: 'utf8' });
  // The iterator is taken at once: readline starts reading as soon as it exists and drops the lines
  // no listener takes, so a caller that awaited anything (say, opening a second file) before its
  // `for await` would lose the first lines. The iterator buffers from the moment it is created.
  const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  return { [Symbol.asyncIterator]: () => lines };
}
