/**
 * Draws the parameters of one generated face from a seeded stream: geometry in units of the image side,
 * colours, and the attributes they imply (CelebA names). Attribute rates are chosen so that a training
 * split of 10,000 faces holds well over 500 with and 500 without Eyeglasses (40 %, half dark: the
 * concept's two groups are close to even, and glasses appear in enough faces for the VAE to learn them).
 */
import type { EyeglassesStyle } from '../../../shared/faces.ts';
import type { Rng } from '../prng.ts';
import type { Rgb } from './raster.ts';

export const FACE_GENERATOR_VERSION = 'faces-v3';

export type HairStyle = 'short' | 'long' | 'bald' | 'bob';
export type HairColour = 'black' | 'brown' | 'blond' | 'gray' | 'red';

export interface FaceParams {
  background: { top: Rgb; bottom: Rgb; blob: { cx: number; cy: number; r: number; colour: Rgb } | null };
  skin: Rgb;
  pale: boolean;
  head: { cx: number; cy: number; rx: number; ry: number; angle: number };
  hair: { style: HairStyle; colour: HairColour; rgb: Rgb; bangs: boolean };
  eyes: { dx: number; dy: number; rx: number; open: number; iris: Rgb; gaze: number };
  brows: { lift: number; tilt: number; width: number };
  mouth: { dy: number; width: number; smiling: boolean; open: boolean; lip: Rgb };
  hat: { colour: Rgb; tall: number } | null;
  glasses: { style: EyeglassesStyle; frame: Rgb; highlight: boolean; round: boolean };
  shirt: Rgb;
  light: { dx: number; dy: number; strength: number; brightness: number };
}

/** Every colour channel ≥ 6: only dark lenses are exactly 0 (the input bias the experiment measures). */
const floor = (c: Rgb): Rgb => [Math.max(6, c[0]), Math.max(6, c[1]), Math.max(6, c[2])];
const jitter = (rng: Rng, c: Rgb, amount: number): Rgb => floor([c[0] + (rng.next() - 0.5) * amount, c[1] + (rng.next() - 0.5) * amount, c[2] + (rng.next() - 0.5) * amount]);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
const uniform = (rng: Rng, lo: number, hi: number) => lo + rng.next() * (hi - lo);

const SKIN_TONES: Rgb[] = [
  [247, 224, 206],
  [238, 200, 170],
  [224, 178, 140],
  [198, 146, 108],
  [160, 110, 78],
  [118, 78, 54],
  [86, 58, 42],
];
const HAIR: Record<HairColour, Rgb> = { black: [28, 24, 24], brown: [96, 62, 38], blond: [214, 178, 112], gray: [168, 166, 164], red: [150, 70, 36] };
const IRIS: Rgb[] = [[70, 44, 28], [60, 90, 140], [70, 110, 70], [110, 80, 50], [40, 40, 44]];
const FRAMES: Rgb[] = [[30, 28, 28], [70, 48, 32], [64, 64, 70], [24, 30, 60], [110, 26, 30]];

export function sampleFaceParams(rng: Rng): FaceParams {
  const skinIndex = rng.int(0, SKIN_TONES.length - 1);
  const hairColour = pick<HairColour>(rng, ['black', 'black', 'brown', 'brown', 'blond', 'gray', 'red']);
  const style = pick<HairStyle>(rng, ['short', 'short', 'long', 'long', 'bob', 'bald']);
  const glassesRoll = rng.next();
  const style2: EyeglassesStyle = glassesRoll < 0.2 ? 'dark' : glassesRoll < 0.4 ? 'clear' : 'none';
  const smiling = rng.next() < 0.5;
  // Backgrounds, shirts and hats: any grey level with a moderate tint, like the walls and clothes behind
  // CelebA faces. Fully random RGB made the background the largest source of pixel variance, which a
  // VAE with a per-pixel loss spends its first epochs on, before the eyes and glasses.
  const bg = (): Rgb => {
    const grey = uniform(rng, 40, 220);
    return floor([grey + uniform(rng, -45, 45), grey + uniform(rng, -45, 45), grey + uniform(rng, -45, 45)]);
  };
  return {
    background: {
      top: bg(),
      bottom: bg(),
      blob: rng.next() < 0.5 ? { cx: rng.next(), cy: rng.next() * 0.6, r: uniform(rng, 0.1, 0.3), colour: bg() } : null,
    },
    skin: jitter(rng, SKIN_TONES[skinIndex], 24),
    pale: skinIndex === 0,
    // Aligned like img_align_celeba (eyes and mouth at nearly fixed places): head and eyes move by about
    // 1 px at 64² (faces-v2: 2–3 px, which blurred the thin frames out of every average, the concept's too).
    head: { cx: 0.5 + uniform(rng, -0.01, 0.01), cy: 0.53 + uniform(rng, -0.01, 0.01), rx: uniform(rng, 0.25, 0.31), ry: uniform(rng, 0.33, 0.39), angle: uniform(rng, -0.03, 0.03) },
    hair: { style, colour: hairColour, rgb: jitter(rng, HAIR[hairColour], 20), bangs: style !== 'bald' && rng.next() < 0.35 },
    eyes: { dx: uniform(rng, 0.11, 0.12), dy: uniform(rng, -0.088, -0.078), rx: uniform(rng, 0.036, 0.046), open: uniform(rng, 0.45, 0.65), iris: jitter(rng, pick(rng, IRIS), 20), gaze: uniform(rng, -0.3, 0.3) },
    brows: { lift: uniform(rng, 0.045, 0.065), tilt: uniform(rng, -0.25, 0.25), width: uniform(rng, 0.012, 0.022) },
    mouth: { dy: uniform(rng, 0.15, 0.19), width: uniform(rng, 0.07, 0.1), smiling, open: smiling ? rng.next() < 0.6 : rng.next() < 0.15, lip: jitter(rng, [170, 80, 80], 40) },
    hat: rng.next() < 0.2 ? { colour: bg(), tall: uniform(rng, 0.08, 0.16) } : null,
    glasses: { style: style2, frame: jitter(rng, pick(rng, FRAMES), 16), highlight: rng.next() < 0.4, round: rng.next() < 0.5 },
    shirt: bg(),
    light: { dx: uniform(rng, -1, 1), dy: uniform(rng, -1, 1), strength: uniform(rng, 0, 0.35), brightness: uniform(rng, 0.82, 1.12) },
  };
}

/** CelebA-named attributes implied by the parameters. */
export function faceAttributes(p: FaceParams): Record<string, 0 | 1> {
  const b = (v: boolean): 0 | 1 => (v ? 1 : 0);
  const hairVisible = p.hair.style !== 'bald';
  return {
    Eyeglasses: b(p.glasses.style !== 'none'),
    Smiling: b(p.mouth.smiling),
    Wearing_Hat: b(p.hat !== null),
    Mouth_Slightly_Open: b(p.mouth.open),
    Bangs: b(p.hair.bangs && p.hat === null),
    Bald: b(!hairVisible && p.hat === null),
    Black_Hair: b(hairVisible && p.hair.colour === 'black'),
    Blond_Hair: b(hairVisible && p.hair.colour === 'blond'),
    Brown_Hair: b(hairVisible && p.hair.colour === 'brown'),
    Gray_Hair: b(hairVisible && p.hair.colour === 'gray'),
    Pale_Skin: b(p.pale),
  };
}
