/**
 * The front door in a process of its own, for the fuzz test: an uncaught exception here really ends the
 * process (node:test would swallow it in the test's own process), so "the server held" means something.
 * Talks to its parent over the IPC channel: sends { port, token } once listening, answers
 * { lastCall: true } with the last call the service saw, and emits { emit: [event, payload] }.
 */
import { startFrontDoor } from './front-door.ts';

const door = await startFrontDoor();
process.on('message', (m: { lastCall?: true; emit?: [string, unknown] }) => {
  if (m.emit !== undefined) door.emit(m.emit[0], m.emit[1]);
  if (m.lastCall === true) process.send!({ lastCall: door.calls.at(-1) ?? null });
});
process.on('disconnect', () => void door.close().then(() => process.exit(0)));
process.send!({ port: door.server.port, token: door.server.token });
