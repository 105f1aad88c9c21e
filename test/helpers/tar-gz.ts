/**
 * Writes small .tar.gz archives for tests (ustar headers, regular files only), and a tar bomb whose
 * zero-filled entry is gzipped by streaming (tarGzOfZeros), never held expanded.
 */
import { createGzip, gzipSync } from 'node:zlib';

function header(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name.slice(0, 99), 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148); // checksum placeholder (spaces) while summing
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

export function tarGz(files: Array<{ name: string; data: Buffer }>): Buffer {
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(header(f.name, f.data.length), f.data, Buffer.alloc((512 - (f.data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

/** A .tar.gz of `small` files and then one entry of `bytes` zeros, gzipped in 1 MiB steps. */
export async function tarGzOfZeros(small: Array<{ name: string; data: Buffer }>, name: string, bytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const write = async (b: Buffer) => {
    if (!gzip.write(b)) await new Promise((resolve) => gzip.once('drain', resolve));
  };
  for (const f of small) {
    await write(header(f.name, f.data.length));
    await write(Buffer.concat([f.data, Buffer.alloc((512 - (f.data.length % 512)) % 512)]));
  }
  await write(header(name, bytes));
  const zeros = Buffer.alloc(2 ** 20);
  for (let left = bytes; left > 0; left -= zeros.length) await write(left >= zeros.length ? zeros : zeros.subarray(0, left));
  await write(Buffer.alloc((512 - (bytes % 512)) % 512 + 1024));
  gzip.end();
  await done;
  return Buffer.concat(out);
}
