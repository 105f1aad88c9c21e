/**
 * The lab:// protocol: lab://app/… serves the built renderer, lab://media/… serves dataset images and
 * reports from the open workspace only (resolveMedia matches fixed patterns). No file:// anywhere.
 */
import { protocol } from 'electron';
import type { LabService } from '../host/lab-service.ts';
import { resolveMedia } from '../host/media.ts';
import { readStaticFile, staticName } from '../../node/static-files.ts';

/** Must run before app 'ready'. */
export function registerLabScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'lab', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function handleLabProtocol(rendererDir: string, service: () => LabService): void {
  // Every failure (a malformed URL or percent-encoding, a file outside its root, a missing file) is a
  // 404 that names nothing behind it; app files are read through src/node/static-files.ts
  // (confined: realpath, regular files only; its MIME table and CSP, with lab: images).
  protocol.handle('lab', async (request) => {
    try {
      const url = new URL(request.url);
      if (url.host === 'app') {
        const { body, headers } = readStaticFile(rendererDir, staticName(url.pathname), { img: ['lab:'] });
        return new Response(new Uint8Array(body), { headers });
      }
      if (url.host === 'media') {
        const m = await resolveMedia(service().workspace, url.pathname.replace(/^\//, ''));
        if (m !== null) return new Response(new Uint8Array(m.body), { headers: { 'Content-Type': m.contentType } });
      }
    } catch {
      // fall through to 404
    }
    return new Response('not found', { status: 404 });
  });
}
