/**
 * Plain typed-array rasterisation for the face generator: anti-aliased (rotated) ellipses, rings and
 * thick line segments blended into a float RGB canvas. No canvas library: 10,000 faces must take
 * seconds. Blending with coverage 1 writes the colour exactly, so a (0,0,0) fill stays exactly 0.
 */
export type Rgb = [number, number, number];

export interface Canvas {
  size: number;
  /** RGB in 0..255, row-major [H, W, 3]. */
  rgb: Float32Array;
}

export function makeCanvas(size: number): Canvas {
  return { size, rgb: new Float32Array(size * size * 3) };
}

/** Per-pixel colour multiplier for shading a shape: u, v in [−1, 1] across the shape's own axes. */
export type Shade = (u: number, v: number) => number;

export interface EllipseSpec {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  /** Rotation in radians (clockwise in image coordinates). */
  angle?: number;
  /** Opacity multiplier, 0..1. */
  alpha?: number;
  shade?: Shade;
  /** Only pixels with y in [clipTop, clipBottom) are drawn (a half ellipse for brims, fringes). */
  clipTop?: number;
  clipBottom?: number;
}

function blend(c: Canvas, p: number, colour: Rgb, a: number, f: number): void {
  const o = p * 3;
  if (a >= 1) {
    c.rgb[o] = colour[0] * f;
    c.rgb[o + 1] = colour[1] * f;
    c.rgb[o + 2] = colour[2] * f;
    return;
  }
  c.rgb[o] += (colour[0] * f - c.rgb[o]) * a;
  c.rgb[o + 1] += (colour[1] * f - c.rgb[o + 1]) * a;
  c.rgb[o + 2] += (colour[2] * f - c.rgb[o + 2]) * a;
}

/** Coverage of a pixel centre at normalised radius r (1 = the edge) for an ellipse of minor radius m px. */
function coverage(r: number, minor: number): number {
  const a = (1 - r) * minor + 0.5;
  return a <= 0 ? 0 : a >= 1 ? 1 : a;
}

/** Visits the pixels near a rotated ellipse with their normalised radius and shape coordinates. */
function forEllipse(c: Canvas, e: EllipseSpec, pad: number, visit: (p: number, r: number, u: number, v: number) => void): void {
  const cos = Math.cos(e.angle ?? 0);
  const sin = Math.sin(e.angle ?? 0);
  // Bounding box of the rotated ellipse, grown by `pad` px; pixels beyond normalised radius `reach` are skipped.
  const ex = Math.sqrt((e.rx * cos) ** 2 + (e.ry * sin) ** 2) + pad + 1;
  const ey = Math.sqrt((e.rx * sin) ** 2 + (e.ry * cos) ** 2) + pad + 1;
  const reach = (1 + (pad + 0.5) / Math.max(0.01, Math.min(e.rx, e.ry))) ** 2;
  const y0 = Math.max(0, Math.floor(e.cy - ey), Math.ceil((e.clipTop ?? -Infinity) - 0.5));
  const y1 = Math.min(c.size - 1, Math.ceil(e.cy + ey), Math.ceil((e.clipBottom ?? Infinity) - 0.5) - 1);
  const x0 = Math.max(0, Math.floor(e.cx - ex));
  const x1 = Math.min(c.size - 1, Math.ceil(e.cx + ex));
  const crx = cos / e.rx;
  const srx = sin / e.rx;
  const cry = cos / e.ry;
  const sry = sin / e.ry;
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - e.cy;
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - e.cx;
      const u = dx * crx + dy * srx;
      const v = dy * cry - dx * sry;
      const r2 = u * u + v * v;
      if (r2 <= reach) visit(y * c.size + x, Math.sqrt(r2), u, v);
    }
  }
}

export function fillEllipse(c: Canvas, e: EllipseSpec, colour: Rgb): void {
  const minor = Math.min(e.rx, e.ry);
  const alpha = e.alpha ?? 1;
  forEllipse(c, e, 1, (p, r, u, v) => {
    const a = coverage(r, minor) * alpha;
    if (a > 0) blend(c, p, colour, a, e.shade ? e.shade(u, v) : 1);
  });
}

/** An elliptical ring of the given thickness (px), centred on the ellipse's edge. */
export function strokeEllipse(c: Canvas, e: EllipseSpec, thickness: number, colour: Rgb): void {
  const half = thickness / 2;
  const outer = { ...e, rx: e.rx + half, ry: e.ry + half };
  const innerMinor = Math.max(0.01, Math.min(e.rx, e.ry) - half);
  const alpha = e.alpha ?? 1;
  forEllipse(c, outer, 1, (p, r, u, v) => {
    const ri = Math.sqrt((u * outer.rx) ** 2 / Math.max(0.01, e.rx - half) ** 2 + (v * outer.ry) ** 2 / Math.max(0.01, e.ry - half) ** 2);
    const a = Math.max(0, coverage(r, Math.min(outer.rx, outer.ry)) - coverage(ri, innerMinor)) * alpha;
    if (a > 0) blend(c, p, colour, a, 1);
  });
}

/** A line segment of the given width (px) with round caps. */
export function strokeLine(c: Canvas, x0: number, y0: number, x1: number, y1: number, width: number, colour: Rgb, alpha = 1): void {
  const half = width / 2;
  const lx = Math.max(0, Math.floor(Math.min(x0, x1) - half - 1));
  const hx = Math.min(c.size - 1, Math.ceil(Math.max(x0, x1) + half + 1));
  const ly = Math.max(0, Math.floor(Math.min(y0, y1) - half - 1));
  const hy = Math.min(c.size - 1, Math.ceil(Math.max(y0, y1) + half + 1));
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = Math.max(1e-9, dx * dx + dy * dy);
  for (let y = ly; y <= hy; y++) {
    for (let x = lx; x <= hx; x++) {
      const px = x + 0.5 - x0;
      const py = y + 0.5 - y0;
      const t = Math.min(1, Math.max(0, (px * dx + py * dy) / len2));
      const d = Math.hypot(px - t * dx, py - t * dy);
      const a = Math.min(1, Math.max(0, half - d + 0.5)) * alpha;
      if (a > 0) blend(c, y * c.size + x, colour, a, 1);
    }
  }
}

/** A polyline through points (a curve sampled by the caller). */
export function strokePath(c: Canvas, pts: ReadonlyArray<readonly [number, number]>, width: number, colour: Rgb, alpha = 1): void {
  for (let i = 1; i < pts.length; i++) strokeLine(c, pts[i - 1][0], pts[i - 1][1], pts[i][0], pts[i][1], width, colour, alpha);
}

/** Vertical gradient from `top` to `bottom` over the whole canvas. */
export function fillGradient(c: Canvas, top: Rgb, bottom: Rgb): void {
  for (let y = 0; y < c.size; y++) {
    const t = y / Math.max(1, c.size - 1);
    const col: Rgb = [top[0] + (bottom[0] - top[0]) * t, top[1] + (bottom[1] - top[1]) * t, top[2] + (bottom[2] - top[2]) * t];
    for (let x = 0; x < c.size; x++) blend(c, y * c.size + x, col, 1, 1);
  }
}

/** Light factor f(x, y) = base + gx·x + gy·y, x and y in [0, 1) across the image. */
export interface LinearLight {
  base: number;
  gx: number;
  gy: number;
}

/**
 * Multiplies every pixel by a linear light factor (directional light, brightness) and writes uint8.
 * Products keep exact zeros exactly 0, and any other pixel stays ≥ 1, so "exactly 0" means a dark lens.
 */
export function toUint8(c: Canvas, light: LinearLight, out: Uint8Array, offset: number): void {
  const s = c.size;
  const rgb = c.rgb;
  for (let y = 0; y < s; y++) {
    const row = light.base + (light.gy * y) / s;
    for (let x = 0; x < s; x++) {
      const f = row + (light.gx * x) / s;
      const o = (y * s + x) * 3;
      for (let k = o; k < o + 3; k++) {
        const v = rgb[k] * f;
        out[offset + k] = rgb[k] === 0 ? 0 : v < 1.5 ? 1 : v > 255 ? 255 : Math.round(v);
      }
    }
  }
}
