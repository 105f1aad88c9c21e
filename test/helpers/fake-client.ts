/** A fake LabApi for renderer store tests: canned answers, recorded calls, events pushed by hand. */
import type { LabApi, LabCallName, LabCalls, LabEventName, LabEvents } from '../../src/shared/lab-api.ts';
import { LAB_CALL_NAMES } from '../../src/shared/lab-api.ts';
import { type Result, fail, ok } from '../../src/shared/result.ts';

export type FakeAnswers = { [K in LabCallName]?: (params: LabCalls[K]['params']) => Result<LabCalls[K]['result']> | LabCalls[K]['result'] };

export function fakeClient(answers: FakeAnswers): LabApi & { calls: Array<{ name: LabCallName; params: unknown }>; emit<E extends LabEventName>(e: E, p: LabEvents[E]): void } {
  const calls: Array<{ name: LabCallName; params: unknown }> = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api = Object.fromEntries(
    LAB_CALL_NAMES.map((name) => [
      name,
      async (params: unknown) => {
        calls.push({ name, params });
        const answer = (answers as Record<string, ((p: unknown) => unknown) | undefined>)[name];
        if (answer === undefined) return fail('internal', `fake client: no answer for ${name}`);
        const value = answer(params);
        return value !== null && typeof value === 'object' && 'ok' in value ? value : ok(value);
      },
    ]),
  ) as unknown as LabApi;
  return Object.assign(api, {
    calls,
    on: (event: LabEventName, listener: (p: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    emit: (event: LabEventName, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload)),
  }) as LabApi & { calls: typeof calls; emit<E extends LabEventName>(e: E, p: LabEvents[E]): void };
}
