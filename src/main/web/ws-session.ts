/**
 * One browser's WebSocket: `{ id, call, params }` requests answered with `{ id, result }`, and the
 * service's events pushed as `{ event, payload }`. The transport checks only the envelope and passes
 * params through untouched: LabService.call validates them and answers bad input as a Result.
 *
 * A message outside the protocol (not JSON, not an object, no numeric id, binary, over
 * MAX_MESSAGE_BYTES, invalid UTF-8) closes this socket, never the server (issue 7).
 */
import type { WebSocket } from 'ws';
import { isLabCallName, type WsMessage } from '../../shared/lab-api.ts';
import { fail, serializeError } from '../../shared/result.ts';
import type { LabService } from '../host/lab-service.ts';

/** Requests are small (ids, options, paths); 1 MiB is far above any real one. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** WebSocket close codes of RFC 6455 §7.4.1. */
const UNSUPPORTED_DATA = 1003;
const POLICY_VIOLATION = 1008;

export function attachSocket(ws: WebSocket, service: LabService): void {
  const send = (m: WsMessage) => {
    if (ws.readyState !== ws.OPEN) return;
    try {
      ws.send(JSON.stringify(m));
    } catch (e) {
      // A value JSON cannot carry (a cycle, a BigInt) must not reach the service's emitter.
      if ('id' in m) ws.send(JSON.stringify({ id: m.id, result: { ok: false, error: serializeError(e) } }));
    }
  };
  const unsubscribe = service.subscribe((event, payload) => send({ event, payload }));
  ws.on('close', unsubscribe);
  // ws reports a frame over maxPayload, invalid UTF-8 or a protocol error here, then closes the socket.
  ws.on('error', () => ws.terminate());
  ws.on('message', (data, isBinary) => {
    void handle(data, isBinary).catch(() => ws.close(POLICY_VIOLATION, 'bad request'));
  });

  async function handle(data: unknown, isBinary: boolean): Promise<void> {
    if (isBinary) return ws.close(UNSUPPORTED_DATA, 'text frames only');
    let req: unknown;
    try {
      req = JSON.parse(String(data));
    } catch {
      return ws.close(POLICY_VIOLATION, 'not JSON');
    }
    if (typeof req !== 'object' || req === null || Array.isArray(req)) return ws.close(POLICY_VIOLATION, 'not a request object');
    const { id, call, params } = req as Record<string, unknown>;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) return ws.close(POLICY_VIOLATION, 'request without a numeric id');
    if (typeof call !== 'string' || !isLabCallName(call)) return send({ id, result: fail('bad-input', `unknown call ${JSON.stringify(String(call).slice(0, 100))}`) });
    let result;
    try {
      result = await service.call(call, params);
    } catch (e) {
      result = { ok: false as const, error: serializeError(e) };
    }
    send({ id, result });
  }
}
