/** Words the analyses' report sections share: each metric as a reader knows it. */
import type { AnalysisMetric } from '../../../shared/experiments/analysis-common.ts';

export const METRIC_LABEL: Record<AnalysisMetric, string> = {
  boxMassShare: 'box mass share Σ_box |S| / Σ |S|',
  zeroFractionInBox: 'fraction of box pixels with S = 0',
  enrichment: 'enrichment (box share / box area share)',
  auroc: 'AUROC of |S| for "in box"',
  topKIoU: 'top-k IoU with the box',
};
