// piscina worker for bench/models.ts. Worker threads do not inherit the main thread's TypeScript
// loader, so register tsx here before importing the benchmark code (as sim/workers/model-worker.mjs does).
import { register } from 'tsx/esm/api';

register();
const { runModelTask } = await import('./models.ts');

export default function run(task) {
  return runModelTask(task);
}
