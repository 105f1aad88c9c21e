/**
 * A local HTTP server on 127.0.0.1 for download tests: serves one file with Range support, and can cut
 * the connection after N bytes to simulate an interrupted download. Records the requests it saw.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  url: string;
  requests: Array<{ range: string | undefined }>;
  /** Cut the next response after this many bytes (once). */
  cutNextAfter(bytes: number): void;
  close(): Promise<void>;
}

export async function serveFile(path: string, body: Buffer): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  let cutAfter: number | null = null;
  const server: Server = createServer((req, res) => {
    requests.push({ range: req.headers.range });
    if (req.url !== path) {
      res.writeHead(404).end();
      return;
    }
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const slice = body.subarray(start);
    res.writeHead(m ? 206 : 200, {
      'Content-Length': String(slice.length),
      'Content-Type': 'application/gzip',
      ...(m ? { 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    if (cutAfter !== null) {
      const n = cutAfter;
      cutAfter = null;
      res.write(slice.subarray(0, n), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    cutNextAfter: (n) => (cutAfter = n),
    close: () => new Promise((r) => server.close(() => r())),
  };
}
