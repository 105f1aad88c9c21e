// Starts a TypeScript worker entry under tsx (a .ts Worker cannot be started directly on Node 20,
// notes/toolchain.md §8). workerData.entry is the file URL of the .ts module to run.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
