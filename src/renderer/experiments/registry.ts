/**
 * The renderer's analysis registry (issue 17: a kind is a folder per process): each analysis kind's
 * panel, one line per kind. Typed over every AnalysisKind, so a kind added to the shared list without a
 * line here does not compile; a kind whose own panel has not been written yet names the generic one.
 */
import type { Component } from 'vue';
import { type AnalysisKind, isAnalysisKind } from '../../shared/experiments/index.ts';
import GenericAnalysisPanel from './GenericAnalysisPanel.vue';
import QSweepPanel from './q-sweep/QSweepPanel.vue';
import FaithfulnessPanel from './faithfulness/FaithfulnessPanel.vue';
import ControlsPanel from './controls/ControlsPanel.vue';
import ControlArmPanel from './control-arm/ControlArmPanel.vue';
import SeedsPanel from './seeds/SeedsPanel.vue';
import RandomisationPanel from './randomisation/RandomisationPanel.vue';

export const ANALYSIS_PANELS: { [K in AnalysisKind]: Component } = {
  'q-sweep': QSweepPanel,
  controls: ControlsPanel,
  'control-arm': ControlArmPanel,
  seeds: SeedsPanel,
  randomisation: RandomisationPanel,
  faithfulness: FaithfulnessPanel,
};

/** The panel for a kind the host lists; one this build does not know (a newer host) gets the generic table. */
export function analysisPanel(kind: string): Component {
  return isAnalysisKind(kind) ? ANALYSIS_PANELS[kind] : GenericAnalysisPanel;
}
