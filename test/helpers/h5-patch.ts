/**
 * Byte-level edits of HDF5 files that h5wasm cannot write (issue 16): a float16 dataset, a dataset whose
 * raw data lives in another file (HDF5 "external storage"). h5wasm writes version-2 object headers
 * ("OHDR", checksummed with Jenkins' lookup3), so every edit recomputes the checksum of the header it
 * touched; the library then reads the file as if HDF5 itself had written it.
 */

/** Jenkins' lookup3 `hashlittle`, byte by byte, as HDF5's H5_checksum_lookup3 computes it (initval 0). */
export function lookup3(key: Uint8Array, initval = 0): number {
  const rot = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  let a = (0xdeadbeef + key.length + initval) >>> 0;
  let b = a;
  let c = a;
  let k = 0;
  let length = key.length;
  const u32 = (i: number) => (key[i] | (key[i + 1] << 8) | (key[i + 2] << 16) | (key[i + 3] << 24)) >>> 0;
  while (length > 12) {
    a = (a + u32(k)) >>> 0;
    b = (b + u32(k + 4)) >>> 0;
    c = (c + u32(k + 8)) >>> 0;
    a = (a - c) >>> 0; a = (a ^ rot(c, 4)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rot(a, 6)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rot(b, 8)) >>> 0; b = (b + a) >>> 0;
    a = (a - c) >>> 0; a = (a ^ rot(c, 16)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rot(a, 19)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rot(b, 4)) >>> 0; b = (b + a) >>> 0;
    length -= 12;
    k += 12;
  }
  if (length === 0) return c;
  // The tail: byte i of the last block goes into a, b or c at shift 8·(i mod 4).
  for (let i = length - 1; i >= 0; i--) {
    const v = (key[k + i] << (8 * (i % 4))) >>> 0;
    if (i >= 8) c = (c + v) >>> 0;
    else if (i >= 4) b = (b + v) >>> 0;
    else a = (a + v) >>> 0;
  }
  c = (c ^ b) >>> 0; c = (c - rot(b, 14)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rot(c, 11)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rot(a, 25)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 16)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rot(c, 4)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rot(a, 14)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rot(b, 24)) >>> 0;
  return c;
}

interface Chunk {
  /** Offset of the "OHDR" signature, and of the first message and the checksum. */
  start: number;
  messages: number;
  checksum: number;
  /** Creation-order fields present in each message header. */
  ordered: boolean;
}

/** The first chunk of the version-2 object header at `o`. */
function chunkAt(buf: Buffer, o: number): Chunk {
  const flags = buf[o + 5];
  let p = o + 6 + (flags & 0x20 ? 16 : 0) + (flags & 0x10 ? 4 : 0);
  const width = 1 << (flags & 3);
  const size = Number(buf.readUIntLE(p, width));
  p += width;
  return { start: o, messages: p, checksum: p + size, ordered: (flags & 0x04) !== 0 };
}

/** Every chunk of every version-2 object header: first chunks ("OHDR") and continuations ("OCHK"). */
function chunks(buf: Buffer): Chunk[] {
  const out: Chunk[] = [];
  for (let o = buf.indexOf('OHDR'); o >= 0; o = buf.indexOf('OHDR', o + 1)) {
    const first = chunkAt(buf, o);
    const todo = [first];
    while (todo.length > 0) {
      const c = todo.pop()!;
      out.push(c);
      const header = c.ordered ? 6 : 4;
      for (let p = c.messages; p + header <= c.checksum; p += header + buf.readUInt16LE(p + 1)) {
        if (buf[p] !== 0x10) continue; // continuation: address and length of the next chunk
        const addr = Number(buf.readBigUInt64LE(p + header));
        const len = Number(buf.readBigUInt64LE(p + header + 8));
        if (buf.toString('latin1', addr, addr + 4) === 'OCHK') todo.push({ start: addr, messages: addr + 4, checksum: addr + len - 4, ordered: c.ordered });
      }
    }
  }
  return out;
}

/** The object header chunk that holds byte `at`. */
function chunkAround(buf: Buffer, at: number): Chunk {
  const c = chunks(buf).find((k) => at >= k.messages && at < k.checksum);
  if (c === undefined) throw new Error(`no object header holds byte ${at}`);
  return c;
}

function rechecksum(buf: Buffer, chunk: Chunk): void {
  buf.writeUInt32LE(lookup3(buf.subarray(chunk.start, chunk.checksum)), chunk.checksum);
}

/** Overwrites bytes inside an object header and fixes its checksum. */
export function patchHeader(buf: Buffer, at: number, bytes: Uint8Array): void {
  bytes.forEach((b, i) => (buf[at + i] = b));
  rechecksum(buf, chunkAround(buf, at));
}

/** True when every object header chunk's checksum in `buf` is right (a check of lookup3 itself). */
export function checksumsHold(buf: Buffer): boolean {
  return chunks(buf).every((c) => buf.readUInt32LE(c.checksum) === lookup3(buf.subarray(c.start, c.checksum)));
}

const F32 = Buffer.from('11201f000400000000002000170800177f000000', 'hex');
const F16 = Buffer.from('11200f000200000000001000' + '0a05000a0f000000', 'hex');

/**
 * Turns the float32 dataset of `count` values (a count no other dataset of the file has) into a float16
 * dataset of 2·count values over the same bytes: its datatype message becomes IEEE half and its
 * dataspace dims double.
 */
export function float32ToFloat16(buf: Buffer, count: number): void {
  const dim = Buffer.alloc(8);
  dim.writeBigUInt64LE(BigInt(count));
  const d = buf.indexOf(dim);
  if (d < 0) throw new Error(`no dimension ${count} in the file`);
  const chunk = chunkAround(buf, d);
  const at = buf.indexOf(F32, chunk.messages);
  if (at < 0 || at >= chunk.checksum) throw new Error(`the dataset of ${count} values is not float32`);
  const twice = Buffer.alloc(16);
  twice.writeBigUInt64LE(BigInt(2 * count), 0);
  twice.writeBigUInt64LE(BigInt(2 * count), 8);
  F16.copy(buf, at);
  // dims, then maxdims when written (h5wasm writes both, equal).
  twice.copy(buf, d, 0, buf.readBigUInt64LE(d + 8) === BigInt(count) ? 16 : 8);
  rechecksum(buf, chunk);
}

/**
 * Turns the attribute `attrName` of a dataset (written with a uint8 payload of ≥ 128 bytes) into an
 * External Data Files message (type 7) with one slot naming `outsideFile`: HDF5 then reads the
 * dataset's values from that file, from byte 0. The local heap holding the name sits in the same bytes.
 */
export function attributeToExternalStorage(buf: Buffer, attrName: string, outsideFile: string, bytes: number): void {
  const nameAt = buf.indexOf(Buffer.from(`${attrName}\0`));
  if (nameAt < 0) throw new Error(`no attribute ${attrName}`);
  const chunk = chunkAround(buf, nameAt);
  const header = chunk.ordered ? 6 : 4;
  let p = chunk.messages;
  while (p + header <= chunk.checksum) {
    const type = buf[p];
    const size = buf.readUInt16LE(p + 1);
    const body = p + header;
    if (type === 0x0c && nameAt >= body && nameAt < body + size) {
      const names = Buffer.concat([Buffer.from([0]), Buffer.from(`${outsideFile}\0`)]);
      const segment = Buffer.concat([names, Buffer.alloc((8 - (names.length % 8)) % 8)]);
      const efl = Buffer.alloc(40);
      const heapAt = body + 40;
      efl.writeUInt8(1, 0); // version
      efl.writeUInt16LE(1, 4); // slots allocated
      efl.writeUInt16LE(1, 6); // slots used
      efl.writeBigUInt64LE(BigInt(heapAt), 8);
      efl.writeBigUInt64LE(1n, 16); // name offset in the heap
      efl.writeBigUInt64LE(0n, 24); // offset in the outside file
      efl.writeBigUInt64LE(BigInt(bytes), 32);
      const heap = Buffer.alloc(32);
      heap.write('HEAP', 0, 'latin1');
      heap.writeBigUInt64LE(BigInt(segment.length), 8);
      heap.writeBigUInt64LE(1n, 16); // no free block (H5HL_FREE_NULL)
      heap.writeBigUInt64LE(BigInt(heapAt + 32), 24);
      const payload = Buffer.concat([efl, heap, segment]);
      if (payload.length > size) throw new Error(`attribute ${attrName}: ${size} bytes, need ${payload.length}`);
      buf[p] = 0x07;
      buf[p + 3] = 0; // message flags
      payload.copy(buf, body);
      rechecksum(buf, chunk);
      return;
    }
    p = body + size;
  }
  throw new Error(`attribute message ${attrName} not found`);
}
