/**
 * Every kind's views as the app reads them through the one LabApi call `experimentView({ kind, view,
 * params })` (issue 17, "one kind = one folder"): per kind, per view, what its params are (the input side
 * of the view's own schema, declared with the kind in src/shared/experiments/<kind>.ts) and what it gives.
 * The host's definitions are checked against this at compile time (KindViews in
 * src/main/host/experiments/experiment-definition.ts); the renderer reads views through
 * src/renderer/api/experiment-view.ts, typed by it.
 */
import type { z } from 'zod';
import type { FaceItem } from '../faces.ts';
import type { ConceptMapView, ConceptRunView, MapView, RunDetail, ModelInputView, ModelMapView, ModelRunView, ReconstructionsView, SweepView } from '../lab-api.ts';
import type { SaliencyCard } from '../saliency-card.ts';
import type { AnalysisResultView } from './analysis-common.ts';
import type { BlackboxViewParams, ExplainView, SnapshotIndex, SnapshotView } from './blackbox.ts';
import type { AnalysisKind } from './index.ts';
import type { RunViewParamsSchema } from './common.ts';
import type { Resnet50ViewParams } from './resnet50.ts';
import type { SweepViewParams } from './sweep.ts';
import type { VaeConceptViewParams } from './vae-concept.ts';

/** One kind's views: each view's params (its schema's input) and its result. */
type Views<S extends Record<string, z.ZodType>, R extends { [V in keyof S]: unknown }> = { [V in keyof S]: { params: z.input<S[V]>; result: R[V] } };

export type ExperimentViews = {
  blackbox: Views<typeof BlackboxViewParams, { run: RunDetail; cards: SaliencyCard[]; map: MapView; snapshots: SnapshotIndex | null; snapshot: SnapshotView; explain: ExplainView }>;
  'vae-concept': Views<typeof VaeConceptViewParams, { faces: FaceItem[]; run: ConceptRunView; reconstructions: ReconstructionsView; map: ConceptMapView }>;
  resnet50: Views<typeof Resnet50ViewParams, { run: ModelRunView; map: ModelMapView; input: ModelInputView }>;
  sweep: Views<typeof SweepViewParams, { result: SweepView }>;
} & { [K in AnalysisKind]: Views<{ result: typeof RunViewParamsSchema }, { result: AnalysisResultView }> };

export type ViewKind = keyof ExperimentViews;
export type ViewName<K extends ViewKind> = keyof ExperimentViews[K] & string;
export type ViewParams<K extends ViewKind, V extends ViewName<K>> = ExperimentViews[K][V] extends { params: infer P } ? P : never;
export type ViewResult<K extends ViewKind, V extends ViewName<K>> = ExperimentViews[K][V] extends { result: infer R } ? R : never;
