/**
 * A kind's view of its results through the one LabApi call `experimentView` (issue 17), typed by what
 * src/shared/experiments/views.ts declares for that kind and view: the params it takes and the result
 * it gives (the host checks the params with the view's own schema and is compiled against the same table).
 */
import type { Result } from '../../shared/result.ts';
import type { ViewKind, ViewName, ViewParams, ViewResult } from '../../shared/experiments/views.ts';
import { useClient } from './client.ts';

export function readView<K extends ViewKind, V extends ViewName<K>>(kind: K, view: V, params: ViewParams<K, V>): Promise<Result<ViewResult<K, V>>> {
  return useClient().experimentView({ kind, view, params: params as Record<string, unknown> }) as Promise<Result<ViewResult<K, V>>>;
}
