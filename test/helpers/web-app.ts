/**
 * The web app as the browser e2e tests open it: a LabService on a workspace, the web server on the built
 * renderer (out/renderer, built by `npm test` first), and, where Chromium exists, a browser with one page.
 * One place for the set-up every e2e file had a copy of; `close()` ends them in reverse order.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { LabService } from '../../src/main/host/lab-service.ts';
import { startWebServer, type WebServer } from '../../src/main/web/web-server.ts';
import { chromiumMissing, launchChromium } from './browser.ts';

export interface WebApp {
  service: LabService;
  server: WebServer;
  /** Absent where Chromium is missing (the browser tests skip, saying why). */
  browser?: Browser;
  page?: Page;
  close(): Promise<void>;
}

export async function openWebApp(
  workspace: string,
  opts: { viewport: { width: number; height: number }; acceptDownloads?: boolean; /** Runs before the server starts (a test that fails some calls wraps `service.call`). */ beforeServe?: (service: LabService) => void },
): Promise<WebApp> {
  const service = new LabService(workspace, { backend: 'wasm', mediaBase: '/media' });
  opts.beforeServe?.(service);
  const server = await startWebServer({ service, staticDir: fileURLToPath(new URL('../../out/renderer', import.meta.url)) });
  const browser = chromiumMissing() === null ? await launchChromium() : undefined;
  const page = await browser?.newPage({ viewport: opts.viewport, ...(opts.acceptDownloads ? { acceptDownloads: true } : {}) });
  return {
    service,
    server,
    browser,
    page,
    async close() {
      await browser?.close();
      await server.close();
      await service.close();
    },
  };
}
