/**
 * What every analysis panel is given (src/renderer/experiments/registry.ts): the kind's last file for the
 * run, the run itself (its own methods' metrics, for panels that set a control beside them), and the
 * caption an exported figure carries.
 */
import type { AnalysisFile } from '../../shared/experiments/analysis-common.ts';
import type { RunManifest } from '../../shared/run.ts';

export interface AnalysisPanelProps {
  file: AnalysisFile;
  run: RunManifest | null;
  /** "run <label> (<short id>)", under an exported chart. */
  caption: string;
}
