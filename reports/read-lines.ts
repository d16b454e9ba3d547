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
  return createInterface({ input, crlfDelay: Infinity });
}
