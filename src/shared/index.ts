/** The contract, in one import for code outside the processes' own folders (bench, scripts). */
export * from './engine.ts';
export * from './result.ts';
export * from './saliency.ts';
