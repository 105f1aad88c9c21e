/**
 * Media the UI shows by URL: dataset images as PNG and run reports. Served by the web server under
 * /media and by Electron's lab:// protocol, from the open workspace only: paths are matched against
 * fixed patterns, so nothing outside the workspace can be reached.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Workspace } from './workspace.ts';
import { readDatasetPixels } from './dataset-images.ts';

export interface MediaResponse {
  contentType: string;
  body: Buffer;
}

const IMAGE = /^datasets\/([a-z0-9-]+)\/images\/(\d+)\.png$/;
const REPORT = /^runs\/([a-z0-9-]+)\/report\/report\.html$/;

export async function resolveMedia(ws: Workspace, path: string): Promise<MediaResponse | null> {
  const image = IMAGE.exec(path);
  if (image !== null) {
    const [, id, i] = image;
    const manifest = ws.readDataset(id);
    const index = Number(i);
    if (index >= manifest.count) return null;
    const rgb = readDatasetPixels(ws.datasetDir(id), manifest, index, 1);
    const body = await sharp(Buffer.from(rgb), { raw: { width: manifest.size, height: manifest.size, channels: 3 } }).png().toBuffer();
    return { contentType: 'image/png', body };
  }
  const report = REPORT.exec(path);
  if (report !== null) {
    const file = join(ws.runDir(report[1]), 'report', 'report.html');
    return existsSync(file) ? { contentType: 'text/html; charset=utf-8', body: readFileSync(file) } : null;
  }
  return null;
}
