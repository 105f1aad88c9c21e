/** A fake LabApi for renderer store tests: canned answers, recorded calls, events pushed by hand. */
import type { LabApi, LabCallName, LabCalls, LabEventName, LabEvents } from '../../src/shared/lab-api.ts';
import { LAB_CALL_NAMES } from '../../src/shared/lab-api.ts';
import { type Result, fail, ok } from '../../src/shared/result.ts';
import type { ViewKind, ViewName, ViewParams, ViewResult } from '../../src/shared/experiments/views.ts';

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

/** Canned answers of kinds' views (experimentView), typed by src/shared/experiments/views.ts. */
export type FakeViews = { [K in ViewKind]?: { [V in ViewName<K>]?: (params: ViewParams<K, V>) => Result<ViewResult<K, V>> | ViewResult<K, V> } };

/** The `experimentView` answer for `fakeClient`: a view without an answer fails like a call without one. */
export function fakeViews(views: FakeViews): NonNullable<FakeAnswers['experimentView']> {
  return ({ kind, view, params }) => {
    const answer = (views as Record<string, Record<string, ((p: unknown) => unknown) | undefined> | undefined>)[kind]?.[view];
    return answer === undefined ? fail('internal', `fake client: no answer for experimentView ${kind} ${view}`) : answer(params ?? {});
  };
}

/** The params of the recorded experimentView calls of one kind's view. */
export function viewCalls(calls: ReadonlyArray<{ name: LabCallName; params: unknown }>, kind: ViewKind, view: string): unknown[] {
  return calls.flatMap((c) => {
    const p = c.params as LabCalls['experimentView']['params'];
    return c.name === 'experimentView' && p.kind === kind && p.view === view ? [p.params] : [];
  });
}
