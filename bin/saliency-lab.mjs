#!/usr/bin/env node
// The `saliency-lab` command. Runs the TypeScript sources through tsx, so a fresh clone works right
// after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
// A reader that stops early (`… --json | head`) closes the pipe: that ends the output, not in a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { main } = await import('../src/main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
// Every command has finished its work (serve returns only after SIGINT/SIGTERM). If a stray handle
// (a worker thread that does not end, a socket) would keep the process alive, exit anyway; the timer
// is unref'd, so a clean exit does not wait for it.
setTimeout(() => process.exit(), 3000).unref();
