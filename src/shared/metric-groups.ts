/**
 * The black-box metrics over a group of the explained images (issue 21): all of them, the correct or the
 * wrong predictions, or the small, medium or large boxes. A group's summary is the worker's own
 * `methodSummary` over the group's per-image rows, and its paired test the worker's own `compareMethods`
 * over the group's pairs (exact Wilcoxon up to 50), so "all" gives exactly the numbers the run stored.
 *
 * Box size is cut at the tertiles of the explained images' box sides, by nearest rank (the cut points are
 * sides that occur): with n images, small = side ≤ the ⌈n/3⌉-th smallest side, medium = above that and
 * ≤ the ⌈2n/3⌉-th smallest, large = above. Ties stay together, so the three need not be equal in size.
 */
import type { ImageMetricsRow, PairedComparison } from './analysis.ts';
import { methodSummary } from './method-summary.ts';
import { compareMethods } from './paired-comparison.ts';
import type { MethodSummary } from './run.ts';

export const METRIC_GROUPS = ['all', 'correct', 'wrong', 'box-small', 'box-medium', 'box-large'] as const;
export type MetricGroupId = (typeof METRIC_GROUPS)[number];

/** What the grouping needs of a dataset image (a DatasetItem): its label, and its box's side in pixels. */
export interface ImageFacts {
  label: number;
  box: { side: number } | null;
}

export interface MetricGroup {
  id: MetricGroupId;
  /** The picker's words, with the rule's numbers: "small boxes (side ≤ 6 px)". */
  label: string;
  /** Dataset indices in the group, in the order of the explained images. */
  indices: number[];
  /** Said instead of numbers when the group is empty: "no wrong predictions among the 40 explained images". */
  emptyText: string;
  /** Why the group cannot be formed for this run (no predictions, dataset not loaded); null when it can. */
  unavailable: string | null;
}

export interface MetricGrouping {
  /** How many images were explained (the union over methods). */
  explained: number;
  groups: MetricGroup[];
  /** The box-size rule with this run's cut points, in words; null when the boxes are not known. */
  boxRule: string | null;
}

/** The nearest-rank tertile cut points of `sides` (⌈n/3⌉-th and ⌈2n/3⌉-th smallest); null for none. */
export function boxSideTertiles(sides: readonly number[]): { lower: number; upper: number } | null {
  if (sides.length === 0) return null;
  const sorted = [...sides].sort((a, b) => a - b);
  return { lower: sorted[Math.ceil(sorted.length / 3) - 1], upper: sorted[Math.ceil((2 * sorted.length) / 3) - 1] };
}

/**
 * The groups of the explained images `indices`. `predictions` is the run's predicted class per dataset
 * image (RunDetail.predictions; null before training finished), `facts` each dataset image's label and box
 * by dataset index (the dataset's items; empty until they are loaded). An image whose prediction or facts
 * are unknown is in "all" only.
 */
export function metricGrouping(indices: readonly number[], predictions: readonly number[] | null, facts: ReadonlyArray<ImageFacts | undefined>): MetricGrouping {
  const explained = indices.length;
  const among = `among the ${explained} explained image${explained === 1 ? '' : 's'}`;
  const known = indices.filter((i) => facts[i] !== undefined);
  const noFacts = known.length === 0 && explained > 0 ? "the dataset's labels and boxes are not loaded" : null;
  const noPredictions = predictions === null ? 'this run has no predictions (its training did not finish)' : noFacts;
  const predicted = (i: number) => (predictions === null ? undefined : predictions[i]);
  const correct = indices.filter((i) => facts[i] !== undefined && predicted(i) !== undefined && predicted(i) === facts[i]!.label);
  const wrong = indices.filter((i) => facts[i] !== undefined && predicted(i) !== undefined && predicted(i) !== facts[i]!.label);

  const side = (i: number) => facts[i]?.box?.side;
  const cuts = boxSideTertiles(indices.flatMap((i) => (side(i) === undefined ? [] : [side(i)!])));
  const noBoxes = cuts === null ? noFacts ?? (explained === 0 ? null : 'no explained image has a known box') : null;
  const inRange = (lo: number, hi: number) => indices.filter((i) => side(i) !== undefined && side(i)! > lo && side(i)! <= hi);
  const small = cuts === null ? [] : inRange(-Infinity, cuts.lower);
  const medium = cuts === null ? [] : inRange(cuts.lower, cuts.upper);
  const large = cuts === null ? [] : inRange(cuts.upper, Infinity);
  const px = (v: number) => `${v} px`;
  const mediumRange = cuts === null ? '' : `${px(cuts.lower)} < side ≤ ${px(cuts.upper)}`;

  const groups: MetricGroup[] = [
    { id: 'all', label: 'all explained images', indices: [...indices], emptyText: 'no explained images', unavailable: null },
    { id: 'correct', label: 'correct predictions', indices: correct, emptyText: `no correct predictions ${among}`, unavailable: noPredictions },
    { id: 'wrong', label: 'wrong predictions', indices: wrong, emptyText: `no wrong predictions ${among}`, unavailable: noPredictions },
    { id: 'box-small', label: cuts === null ? 'small boxes' : `small boxes (side ≤ ${px(cuts.lower)})`, indices: small, emptyText: cuts === null ? `no small boxes ${among}` : `no box with side ≤ ${px(cuts.lower)} ${among}`, unavailable: noBoxes },
    {
      id: 'box-medium',
      label: cuts === null ? 'medium boxes' : `medium boxes (${mediumRange})`,
      indices: medium,
      emptyText: cuts === null ? `no medium boxes ${among}` : cuts.lower === cuts.upper ? `no medium boxes: both tertile cuts fall on side ${px(cuts.lower)} (many boxes share it) ${among}` : `no box with ${mediumRange} ${among}`,
      unavailable: noBoxes,
    },
    { id: 'box-large', label: cuts === null ? 'large boxes' : `large boxes (side > ${px(cuts.upper)})`, indices: large, emptyText: cuts === null ? `no large boxes ${among}` : `no box with side > ${px(cuts.upper)} ${among}`, unavailable: noBoxes },
  ];
  const boxRule = cuts === null ? null : `box size: tertiles of the ${explained} explained images' box sides (nearest rank): small ≤ ${px(cuts.lower)} < medium ≤ ${px(cuts.upper)} < large`;
  return { explained, groups, boxRule };
}

/** The union of the methods' explained images, in first-seen order (methods normally share them). */
export function explainedUnion(methods: ReadonlyArray<{ indices: readonly number[] }>): number[] {
  return [...new Set(methods.flatMap((m) => m.indices))];
}

/** What a method brings to a group: its per-image rows (MethodMapsOverview) and, for the test, all-zero flags. */
export interface GroupableMethod {
  method: string;
  /** Per image (a NaN read back from JSON is null: read as NaN here). */
  perImage: readonly ImageMetricsRow[];
  /** Per image, same order: is the map all zero? Absent when unknown. */
  allZero?: readonly boolean[];
}

export interface GroupMethodSummary {
  method: string;
  /** The method's images in the group: its summary's n. */
  images: number;
  /** methodSummary over those images (images 0 for an empty group: show the group's emptyText instead). */
  summary: MethodSummary;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);

/** A row as the worker made it: a NaN that JSON turned into null is NaN again. */
function definedRow(r: ImageMetricsRow): ImageMetricsRow {
  return {
    index: r.index,
    boxMassShare: num(r.boxMassShare),
    enrichment: num(r.enrichment),
    zeroFractionInBox: num(r.zeroFractionInBox),
    pointingGame: num(r.pointingGame),
    auroc: num(r.auroc),
    topKIoU: num(r.topKIoU),
    intensitySpearman: num(r.intensitySpearman),
    darkSuppressionRatio: num(r.darkSuppressionRatio),
    ...(r.completenessGap === undefined ? {} : { completenessGap: num(r.completenessGap) }),
  };
}

/** Each method's rows (with their positions) that lie in the group. */
function rowsIn(m: GroupableMethod, group: ReadonlySet<number>): Array<{ row: ImageMetricsRow; pos: number }> {
  return m.perImage.flatMap((row, pos) => (group.has(row.index) ? [{ row: definedRow(row), pos }] : []));
}

/** Each method's summary over the group's images, with the worker's methodSummary (the completeness gap too, for IG). */
export function groupSummaries(methods: readonly GroupableMethod[], groupIndices: readonly number[]): GroupMethodSummary[] {
  const group = new Set(groupIndices);
  return methods.map((m) => {
    const rows = rowsIn(m, group).map((r) => r.row);
    const gaps = rows.some((r) => r.completenessGap !== undefined) ? rows.map((r) => num(r.completenessGap)) : undefined;
    return { method: m.method, images: rows.length, summary: methodSummary(rows, gaps) };
  });
}

/**
 * The run's paired comparisons recomputed on the group's pairs: the images of the group both methods
 * explained, with the worker's compareMethods. A comparison whose methods are not both at hand is left out.
 */
export function groupComparisons(stored: readonly PairedComparison[], methods: readonly GroupableMethod[], groupIndices: readonly number[]): PairedComparison[] {
  const group = new Set(groupIndices);
  return stored.flatMap((c) => {
    const a = methods.find((m) => m.method === c.a);
    const b = methods.find((m) => m.method === c.b);
    if (a === undefined || b === undefined) return [];
    const bRows = new Map(rowsIn(b, group).map((r) => [r.row.index, r]));
    const pairs = rowsIn(a, group).flatMap((ra) => {
      const rb = bRows.get(ra.row.index);
      return rb === undefined ? [] : [{ ra, rb }];
    });
    const side = (m: GroupableMethod, pick: (p: (typeof pairs)[number]) => { row: ImageMetricsRow; pos: number }) => ({
      method: m.method,
      values: pairs.map((p) => pick(p).row[c.metric]),
      ...(m.allZero === undefined ? {} : { allZero: pairs.map((p) => m.allZero![pick(p).pos]) }),
    });
    return [{ ...compareMethods(side(a, (p) => p.ra), side(b, (p) => p.rb)), metric: c.metric }];
  });
}
