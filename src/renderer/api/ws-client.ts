/**
 * The LabApi over the web server's WebSocket: numbered requests, Result replies, pushed events, and a
 * reconnect with backoff. Calls made while disconnected fail with a readable 'io' error.
 */
import { LAB_CALL_NAMES, type LabApi, type LabCallName, type LabEventName, type WsMessage } from '../../shared/lab-api.ts';
import { type Result, fail } from '../../shared/result.ts';

export function createWsClient(url: string): LabApi {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let opened: Promise<void> | null = null;
  let retry = 250;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Map<LabEventName, Set<(p: unknown) => void>>();

  const connect = (): Promise<void> => {
    if (opened !== null) return opened;
    opened = new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(url);
      socket = ws;
      ws.onopen = () => {
        retry = 250;
        resolve();
      };
      ws.onmessage = (m) => {
        const msg = JSON.parse(String(m.data)) as WsMessage;
        if ('id' in msg) {
          pending.get(msg.id)?.(msg.result);
          pending.delete(msg.id);
        } else {
          for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
        }
      };
      ws.onclose = () => {
        for (const done of pending.values()) done(fail('io', 'lost the connection to the lab server; retrying'));
        pending.clear();
        opened = null;
        socket = null;
        reject(new Error('closed'));
        setTimeout(() => void connect().catch(() => {}), retry);
        retry = Math.min(retry * 2, 5000);
      };
    });
    opened.catch(() => {});
    return opened;
  };

  const call = async (name: LabCallName, params: unknown): Promise<Result<unknown>> => {
    try {
      await connect();
    } catch {
      return fail('io', 'cannot reach the lab server');
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket!.send(JSON.stringify({ id, call: name, params }));
    });
  };

  const api = Object.fromEntries(LAB_CALL_NAMES.map((name) => [name, (params: unknown) => call(name, params)])) as unknown as LabApi;
  api.on = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener as (p: unknown) => void);
    listeners.set(event, set);
    void connect().catch(() => {});
    return () => set.delete(listener as (p: unknown) => void);
  };
  return api;
}
