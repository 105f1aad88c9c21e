/**
 * The "current figure" that File → Export figure saves: the chart or map panel the user last
 * interacted with. Each panel registers how to render itself as PNG and SVG data URLs. Exported PNGs
 * carry a caption (what the figure is, and which run), so a file read later still says what it shows.
 */
export interface ExportableFigure {
  name: string;
  png(): Promise<string>;
  svg(): Promise<string>;
}

let current: ExportableFigure | null = null;

export function setCurrentFigure(f: ExportableFigure): void {
  current = f;
}

export async function exportCurrentFigure(kind: 'png' | 'svg'): Promise<boolean> {
  if (current === null) return false;
  const url = await (kind === 'png' ? current.png() : current.svg());
  download(url, `${current.name}.${kind}`);
  return true;
}

export function download(url: string, filename: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
}

/** Wraps a PNG in an SVG document (for canvas figures, which have no vector form). */
export function pngAsSvg(pngUrl: string, width: number, height: number): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image href="${pngUrl}" width="${width}" height="${height}"/></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('could not render the figure'));
    img.src = url;
  });
}

/**
 * A PNG with a caption band on top: the first line bold (the title), the rest (run, scale) in grey.
 * `scale` enlarges the image with nearest-neighbour sampling (maps keep their pixels visible).
 */
export async function captionedPng(imageUrl: string, lines: string[], opts: { scale?: number; footer?: string[]; textScale?: number } = {}): Promise<string> {
  const img = await loadImage(imageUrl);
  const k = opts.scale ?? 1;
  const ts = opts.textScale ?? 1;
  const w = Math.max(img.naturalWidth * k, 360 * ts);
  const lineH = 18 * ts;
  const footer = opts.footer ?? [];
  const top = (10 + 6) * ts + lines.length * lineH;
  const c = document.createElement('canvas');
  c.width = w;
  c.height = top + img.naturalHeight * k + (footer.length ? footer.length * lineH + 10 : 6);
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.textBaseline = 'top';
  lines.forEach((text, i) => {
    ctx.fillStyle = i === 0 ? '#1d2430' : '#555c66';
    ctx.font = `${i === 0 ? 'bold ' : ''}${(i === 0 ? 14 : 12) * ts}px system-ui, 'DejaVu Sans', sans-serif`;
    ctx.fillText(text, 8 * ts, 8 * ts + i * lineH, w - 16 * ts);
  });
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(img, (w - img.naturalWidth * k) / 2, top, img.naturalWidth * k, img.naturalHeight * k);
  ctx.font = `${12 * ts}px system-ui, 'DejaVu Sans', sans-serif`;
  ctx.fillStyle = '#555c66';
  footer.forEach((text, i) => ctx.fillText(text, 8, top + img.naturalHeight * k + 6 + i * lineH, w - 16));
  return c.toDataURL('image/png');
}
