/** `saliency-lab serve [--port N] [--host 127.0.0.1]`: the lab in a browser, for a remote machine. */
import { fileURLToPath } from 'node:url';
import { LabError } from '../../../shared/result.ts';
import { LabService } from '../../host/lab-service.ts';
import { defaultWorkspaceRoot } from '../../host/workspace.ts';
import { startWebServer } from '../../web/web-server.ts';
import { type Flags, flagNumber } from '../flags.ts';
import { backendFromFlags } from '../host-from-flags.ts';

export const SERVE_FLAGS = { port: { type: 'string' }, host: { type: 'string' }, backend: { type: 'string' }, static: { type: 'string' } } as const;

export async function serveCommand(flags: Flags): Promise<void> {
  const backend = backendFromFlags(flags);
  const port = flagNumber(flags, 'port') ?? 0;
  const service = new LabService((flags.workspace as string | undefined) ?? defaultWorkspaceRoot(), { backend, mediaBase: '/media' });
  try {
    await service.ready(); // an unusable workspace stops serve at once, in one line, as before
  } catch (e) {
    await service.close();
    throw e;
  }
  const staticDir = (flags.static as string | undefined) ?? fileURLToPath(new URL('../../../../out/renderer', import.meta.url));
  let server;
  try {
    server = await startWebServer({ service, staticDir, port, host: (flags.host as string | undefined) ?? '127.0.0.1' });
  } catch (e) {
    await service.close();
    throw new LabError('bad-input', (e as Error).message);
  }
  process.stdout.write(`Saliency Bias Lab is serving workspace ${service.workspace.root}\nopen: ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  await service.close();
}
