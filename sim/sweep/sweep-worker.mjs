// piscina worker entry for sweep runs. Worker threads do not inherit the main thread's TypeScript
// loader, so register tsx here before importing the task code (as sim/workers/model-worker.mjs).
import { register } from 'tsx/esm/api';

register();
const { runSweepTask } = await import('./run-task.ts');

export default function run(task) {
  return runSweepTask(task);
}
