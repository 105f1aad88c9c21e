/**
 * The only code that reaches the host. In Electron it uses the preload bridge (window.lab); in a
 * browser, the web server's WebSocket. Stores get the client from here, so tests can set a fake one.
 */
import { isLabCallName, type LabApi, type MenuCommand } from '../../shared/lab-api.ts';
import type { Result } from '../../shared/result.ts';
import { inDoor } from '../../shared/remedy.ts';
import { createWsClient } from './ws-client.ts';

let client: LabApi | null = null;

/** Told of every call's outcome: the banner clears a message when the same call later succeeds. */
type Settled = (call: string, result: Result<unknown>) => void;
const settledListeners = new Set<Settled>();
export function onCallSettled(listener: Settled): () => void {
  settledListeners.add(listener);
  return () => settledListeners.delete(listener);
}

/** The client with every call reported to onCallSettled's listeners (results pass through unchanged). */
function observed(c: LabApi): LabApi {
  return new Proxy(c, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || !isLabCallName(prop) || typeof value !== 'function') return value;
      return async (params: unknown) => {
        const got = (await (value as (p: unknown) => Promise<Result<unknown>>).call(target, params)) as Result<unknown>;
        // The host says how to fix an error in each door's words; the app shows its own (shared/remedy.ts).
        const r: Result<unknown> = got.ok ? got : { ok: false, error: inDoor(got.error, 'app') };
        for (const l of settledListeners) l(prop, r);
        return r;
      };
    },
  });
}

export function setClient(c: LabApi): void {
  client = observed(c);
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
