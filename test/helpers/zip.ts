/**
 * A minimal zip writer for test fixtures (yauzl only reads): stored (method 0) or deflated (method 8)
 * entries, a central directory, no zip64. Enough for a tiny img_align_celeba.zip, and for a zip bomb
 * whose body was deflated by streaming (deflateZeros), so the test never holds the expanded bytes.
 */
import { writeFileSync } from 'node:fs';
import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';

/** A body deflated elsewhere: its compressed bytes, expanded size and CRC. */
export interface DeflatedBody {
  body: Buffer;
  size: number;
  crc: number;
}

export interface ZipEntry {
  name: string;
  data?: Buffer;
  deflate?: boolean;
  /** A pre-deflated body (then `data` and `deflate` are ignored). */
  deflated?: DeflatedBody;
  /** The expanded size the headers claim, when a test wants them to lie. */
  declaredSize?: number;
}

/** `bytes` zeros deflated in 1 MiB steps: 300 MB becomes ~300 KB without 300 MB ever in memory. */
export async function deflateZeros(bytes: number): Promise<DeflatedBody> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const zeros = Buffer.alloc(2 ** 20);
  let crc = 0;
  for (let left = bytes; left > 0; left -= zeros.length) {
    const chunk = left >= zeros.length ? zeros : zeros.subarray(0, left);
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { body: Buffer.concat(out), size: bytes, crc: crc >>> 0 };
}

export function writeZip(path: string, entries: readonly ZipEntry[]): void {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = e.data ?? Buffer.alloc(0);
    const deflated = e.deflated !== undefined || e.deflate === true;
    const body = e.deflated?.body ?? (e.deflate ? deflateRawSync(data) : data);
    const crc = e.deflated?.crc ?? crc32(data) >>> 0;
    const size = e.declaredSize ?? e.deflated?.size ?? data.length;
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4); // version needed
    head.writeUInt16LE(0x0800, 6); // UTF-8 names
    head.writeUInt16LE(deflated ? 8 : 0, 8);
    head.writeUInt32LE(0, 10); // time, date
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(body.length, 18);
    head.writeUInt32LE(size, 22);
    head.writeUInt16LE(name.length, 26);
    head.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(deflated ? 8 : 0, 10);
    dir.writeUInt32LE(0, 12);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(head, name, body);
    central.push(dir, name);
    offset += head.length + name.length + body.length;
  }
  const dirSize = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, ...central, end]));
}
