/**
 * A kind's job started through the one LabApi call `experimentJob` (issue 17), typed by what
 * src/shared/experiments/jobs.ts declares for that kind and job: the params it takes and what the call
 * answers (the host checks the params with the job's own schema, at the contract).
 */
import type { Result } from '../../shared/result.ts';
import type { JobName, JobOwnerKind, JobParams, JobResult } from '../../shared/experiments/jobs.ts';
import { useClient } from './client.ts';

export function startJob<K extends JobOwnerKind, J extends JobName<K>>(kind: K, job: J, params: JobParams<K, J>): Promise<Result<JobResult<K, J>>> {
  return useClient().experimentJob({ kind, job, params: params as Record<string, unknown> }) as Promise<Result<JobResult<K, J>>>;
}
