/** Every experiment kind the host can run; adding one is its folder plus a line here. */
import type { ExperimentInfo, ExperimentKind } from '../../../shared/experiments.ts';
import type { ExperimentDefinition } from './experiment-definition.ts';
import { blackboxExperiment } from './blackbox/definition.ts';

const DEFINITIONS: { [K in ExperimentKind]?: ExperimentDefinition<never, object> } = {
  blackbox: blackboxExperiment as ExperimentDefinition<never, object>,
};

export function experimentDefinition(kind: ExperimentKind): ExperimentDefinition<unknown, object> | undefined {
  return DEFINITIONS[kind] as ExperimentDefinition<unknown, object> | undefined;
}

export function experimentInfos(): ExperimentInfo[] {
  return Object.values(DEFINITIONS).map((d) => d.info);
}
