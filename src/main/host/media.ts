/**
 * Media the UI shows by URL: dataset images as PNG, run reports (HTML, and PDF once printed), batch
 * aggregate pages (issue 22) and run archives the app exported (`exports/<runId>.tgz`; issue 21). Served
 * by the web server under /media and by Electron's lab:// protocol, from the open workspace only: paths
 * are matched against fixed patterns, and every file is then resolved through symlinks and must stay
 * inside its dataset, run, batch or exports folder, which must itself stay inside the workspace
 * (src/node/confine.ts; issue 7).
 */
import sharp from 'sharp';
import type { Workspace } from './workspace.ts';
import { readDatasetPixels } from './dataset-images.ts';
import { confinedPathAsync, readConfinedFileAsync } from '../../node/confine.ts';

export interface MediaResponse {
  contentType: string;
  body: Buffer;
}

const IMAGE = /^datasets\/([a-z0-9-]+)\/images\/(\d{1,9})\.png$/;
const REPORT = /^runs\/([a-z0-9-]+)\/report\/report\.(html|pdf)$/;
const AGGREGATE = /^batches\/([a-z0-9-]+)\/aggregate\.html$/;
/** Run archives written by the app (LabApi exportRunArchive; issue 21): `exports/<runId>.tgz`. */
const EXPORT = /^exports\/([a-z0-9][a-z0-9-]{0,80})\.tgz$/;
const REPORT_TYPES = { html: 'text/html; charset=utf-8', pdf: 'application/pdf' } as const;

/** Null when the path names nothing servable; throws a LabError for a missing or escaping file. */
export async function resolveMedia(ws: Workspace, path: string): Promise<MediaResponse | null> {
  const image = IMAGE.exec(path);
  if (image !== null) {
    const [, id, i] = image;
    const dir = await confinedPathAsync(ws.root, `datasets/${id}`);
    await confinedPathAsync(dir, 'manifest.json');
    const manifest = await ws.readDataset(id);
    const index = Number(i);
    if (!(index < manifest.count)) return null;
    const rgb = await readDatasetPixels(dir, manifest, index, 1);
    const body = await sharp(Buffer.from(rgb), { raw: { width: manifest.size, height: manifest.size, channels: 3 } }).png().toBuffer();
    return { contentType: 'image/png', body };
  }
  const report = REPORT.exec(path);
  if (report !== null) {
    const dir = await confinedPathAsync(ws.root, `runs/${report[1]}`);
    const ext = report[2] as keyof typeof REPORT_TYPES;
    return { contentType: REPORT_TYPES[ext], body: await readConfinedFileAsync(dir, `report/report.${ext}`) };
  }
  const aggregate = AGGREGATE.exec(path);
  if (aggregate !== null) {
    const dir = await confinedPathAsync(ws.root, `batches/${aggregate[1]}`);
    return { contentType: REPORT_TYPES.html, body: await readConfinedFileAsync(dir, 'aggregate.html') };
  }
  const archive = EXPORT.exec(path);
  if (archive !== null) {
    const dir = await confinedPathAsync(ws.root, 'exports');
    return { contentType: 'application/gzip', body: await readConfinedFileAsync(dir, `${archive[1]}.tgz`) };
  }
  return null;
}
