// piscina worker entry. Worker threads do not inherit the main thread's TypeScript loader, so
// register tsx here before importing the task code.
import { register } from 'tsx/esm/api';

register();
const { runStepTask } = await import('./step-task.ts');

export default function step(task) {
  return runStepTask(task);
}
