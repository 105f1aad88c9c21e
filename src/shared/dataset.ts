/**
 * Datasets of the black-box experiment (METHODS.md experiment 1), as stored in the workspace. A config's
 * schema (types and bounds) is schemas/dataset.ts, checked against BlackboxDatasetConfig at compile time.
 */

export type DatasetSource =
  | { kind: 'generated' }
  | { kind: 'imagenette'; archive?: string; url?: string }
  | { kind: 'folder'; path: string };

export interface BlackboxDatasetConfig {
  source: DatasetSource;
  /** Image side in pixels (METHODS.md default 64; 128 also supported). */
  size: number;
  /** Images in all; half (rounded down) get a box. */
  count: number;
  seed: number;
  /** Box side is uniform in [minSide, maxSide] as fractions of the image side (default 1/8 .. 1/4). */
  boxMinFraction: number;
  boxMaxFraction: number;
  name?: string;
}

export const DEFAULT_BLACKBOX_DATASET: BlackboxDatasetConfig = {
  source: { kind: 'generated' },
  size: 64,
  count: 4000,
  seed: 1,
  boxMinFraction: 1 / 8,
  boxMaxFraction: 1 / 4,
};

/** A black (0,0,0) square, fully inside the image: top-left corner and side, in pixels. */
export interface BoxRect {
  x: number;
  y: number;
  side: number;
}

/** One image: its label (1 = has a box), its box (the ground-truth mask) and where it came from. */
export interface DatasetItem {
  label: 0 | 1;
  box: BoxRect | null;
  origin: string;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface DatasetManifest {
  id: string;
  kind: 'blackbox';
  name: string;
  createdAt: string;
  config: BlackboxDatasetConfig;
  /** Where the backgrounds came from, in words (generator version, archive path and size, folder). */
  sourceDescription: string;
  size: number;
  count: number;
  counts: { withBox: number; withoutBox: number; skipped: number };
  /** Unreadable or corrupt inputs, skipped and listed; the build went on. */
  skipped: SkippedFile[];
  /** Files in the dataset folder: raw RGB uint8 [N,H,W,3] and the per-image items. */
  files: { images: string; items: string };
  seed: number;
  /** Set by listings, never stored: one line naming the damaged file (manifest, items, images). */
  broken?: string;
}

/** Every kind of dataset a workspace holds: black-box (above) and faces (experiment 2, in faces.ts). */
export type DatasetKind = 'blackbox' | 'faces';
export type AnyDatasetManifest = DatasetManifest | import('./faces.ts').FacesDatasetManifest;
