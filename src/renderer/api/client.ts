/**
 * The only code that reaches the host. In Electron it uses the preload bridge (window.lab); in a
 * browser, the web server's WebSocket. Stores get the client from here, so tests can set a fake one.
 */
import type { LabApi, MenuCommand } from '../../shared/lab-api.ts';
import { createWsClient } from './ws-client.ts';

let client: LabApi | null = null;

export function setClient(c: LabApi): void {
  client = c;
}

export function useClient(): LabApi {
  if (client === null) throw new Error('the lab client was used before setClient()');
  return client;
}

export function createDefaultClient(): LabApi {
  if (window.lab !== undefined) return window.lab;
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWsClient(`${proto}//${location.host}/api/ws`);
}

/** Native menu commands (Electron only); a browser has none. */
export function onMenuCommand(listener: (c: MenuCommand) => void): () => void {
  return window.lab?.onMenu(listener) ?? (() => {});
}

/** URL of a dataset image (lab:// in Electron, /media on the web). */
export function imageUrl(mediaBase: string, datasetId: string, index: number): string {
  return `${mediaBase}/datasets/${datasetId}/images/${index}.png`;
}
