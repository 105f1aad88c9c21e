/** Experiment 2's trainer: the VAE of faces, trained in the worker; its test reconstruction loss and KL are recorded with the run. */
import type { RunConfig } from '../../../../shared/run.ts';
import type { Trainer } from '../../trainer.ts';

export const trainVae: Trainer<Extract<RunConfig, { model: 'vae' }>> = async ({ host, run, datasetDir, runDir, resume, signal, onEvent }) => {
  const { model: _model, datasetId: _dataset, backend: _backend, ...config } = run.config;
  const r = await host.callWorker('trainVae', { datasetDir, runDir, config, resume }, { signal, onEvent });
  if (!r.ok) return r;
  return {
    ok: true,
    value: {
      checkpointEpoch: r.value.epochsDone,
      backend: r.value.backend,
      vae: { ...run.vae, testReconstructionLoss: r.value.testReconstructionLoss, testKl: r.value.testKl },
    },
  };
};
