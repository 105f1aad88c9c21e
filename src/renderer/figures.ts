/**
 * The "current figure" that File → Export figure saves: the chart or map panel the user last
 * interacted with. Each panel registers how to render itself as PNG and SVG data URLs.
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
  const a = document.createElement('a');
  a.href = url;
  a.download = `${current.name}.${kind}`;
  a.click();
  return true;
}

/** Wraps a PNG in an SVG document (for canvas figures, which have no vector form). */
export function pngAsSvg(pngUrl: string, width: number, height: number): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image href="${pngUrl}" width="${width}" height="${height}"/></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
