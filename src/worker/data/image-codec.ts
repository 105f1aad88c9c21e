/** Decodes images to float RGB in [0, 1] (black is exactly 0: METHODS.md pitfall 1), resized as asked. */
import sharp from 'sharp';

export interface DecodedImage {
  data: Float32Array;
  height: number;
  width: number;
}

/** Decodes, converts to 3-channel RGB, resizes (cover + centre crop) and scales /255. */
export async function decodeImageFile(path: string, height?: number, width?: number): Promise<DecodedImage> {
  let pipeline = sharp(path, { failOn: 'error' }).removeAlpha().toColourspace('srgb');
  if (height !== undefined && width !== undefined) pipeline = pipeline.resize(width, height, { fit: 'cover', position: 'centre' });
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${info.channels}`);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] / 255;
  return { data: out, height: info.height, width: info.width };
}
