/**
 * The web front door never dies (issue 7): a fixed list of known killers plus a seeded generator of
 * malformed HTTP requests (raw bytes over node:net: unparsable targets, bad percent-encoding, bad and
 * non-ASCII headers, tokens and cookies of every length and byte), with and without the token, on plain
 * requests and on WebSocket upgrades; then malformed WebSocket messages and frames. After every case the
 * server must still answer a good authenticated request and a good WebSocket call. Unauthenticated
 * cases must never be answered 2xx or 101. Loopback only; bounded (a fixed seed and count).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { WebSocket } from 'ws';
import { nextMessage, openSocket, rawRequest, spawnFrontDoor, statusOf, type ChildFrontDoor } from '../../../helpers/front-door.ts';

// The server runs in a child process: a crash there ends it for real. When it dies, the case is
// counted as not held, a fresh server takes over and the sweep goes on, so the figure covers every case.
let door: ChildFrontDoor;
let T: string;
const tally = { cases: 0, held: 0, failures: [] as string[] };

async function restart(): Promise<void> {
  await door?.close();
  door = await spawnFrontDoor();
  T = door.token;
}

before(restart);

after(async () => {
  console.log(`front door fuzz: ${tally.cases} cases, ${tally.held} held`);
  for (const d of tally.failures) console.log(`  not held: ${d}`);
  await door?.close();
});

/** A good authenticated request and a good WebSocket call both answer. */
async function stillServes(): Promise<boolean> {
  if (!door.alive()) return false;
  try {
    const page = await fetch(door.url);
    if (page.status !== 200 || !(await page.text()).includes('<title>lab</title>')) return false;
    const opened = await openSocket(door.port, { token: T });
    if (!('ws' in opened)) return false;
    opened.ws.send(JSON.stringify({ id: 7, call: 'getInfo', params: {} }));
    const reply = await nextMessage(opened.ws);
    opened.ws.close();
    return 'message' in reply && (reply.message as { id: number; result: { ok: boolean } }).id === 7 && (reply.message as { result: { ok: boolean } }).result.ok;
  } catch {
    return false;
  }
}

/**
 * Runs one case (which may assert on what it got back). The case held when the server still serves
 * afterwards; if not, the sweep records it, restarts the server and goes on, and the test fails at the end.
 */
async function fuzzCase(label: string, run: () => Promise<void>): Promise<void> {
  tally.cases++;
  let wrong: string | null = null;
  // A bound on hangs only (a case that never finishes counts as not held); no timing is asserted.
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no outcome within 20 s')), 20_000)));
  try {
    await Promise.race([run(), hang]);
  } catch (e) {
    wrong = (e as Error).message.split('\n')[0];
  } finally {
    clearTimeout(timer);
  }
  const serving = await stillServes();
  if (serving && wrong === null) {
    tally.held++;
    return;
  }
  const crash = door.alive() ? 'alive but not answering' : `died: ${door.stderr().split('\n').find((l) => /Error/.test(l)) ?? 'exited'}`;
  tally.failures.push(`${label.slice(0, 120)}: ${serving ? wrong : crash}`);
  if (!serving) await restart();
}



const UPGRADE = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
const host = () => `Host: 127.0.0.1:${door.port}\r\n`;
const cookie = () => `Cookie: sbl_token=${T}\r\n`;

/** A raw request; `authed` says whether it carries the valid token, so 2xx/101 would be a breach otherwise. */
async function raw(label: string, bytes: () => string | Buffer, expect: { authed: boolean; status?: number[] }): Promise<void> {
  await fuzzCase(label, async () => {
    const res = await rawRequest(door.port, bytes());
    const status = statusOf(res);
    if (!expect.authed) assert.ok(!(status >= 200 && status < 300) && status !== 101, `${label}: answered ${status} without the token`);
    if (expect.status !== undefined) assert.ok(expect.status.includes(status), `${label}: expected ${expect.status.join('/')}, got ${status} (${res.slice(0, 80)})`);
  });
}

test('known killers: unparsable targets, non-ASCII tokens and cookies, bad percent-encoding, also on the upgrade', async () => {
  const nonAscii = 'é'.repeat(48); // as many characters as the token, twice as many bytes
  const cases: Array<[string, () => string | Buffer, { authed: boolean; status?: number[] }]> = [
    ['target //[::1', () => `GET //[::1 HTTP/1.1\r\n${host()}\r\n`, { authed: false, status: [400, 401] }],
    ['target http://[', () => `GET http://[ HTTP/1.1\r\n${host()}\r\n`, { authed: false, status: [400] }],
    ['target //[::1 with cookie', () => `GET //[::1 HTTP/1.1\r\n${host()}${cookie()}\r\n`, { authed: true, status: [400, 404] }],
    ['target http://[ with cookie', () => `GET http://[ HTTP/1.1\r\n${host()}${cookie()}\r\n`, { authed: true, status: [400] }],
    ['upgrade //[::1', () => `GET //[::1 HTTP/1.1\r\n${host()}${UPGRADE}\r\n`, { authed: false, status: [400, 401] }],
    ['upgrade http://[ with cookie', () => `GET http://[ HTTP/1.1\r\n${host()}${cookie()}${UPGRADE}\r\n`, { authed: true, status: [400] }],
    ['token of non-ASCII characters (query)', () => `GET /?token=${encodeURIComponent(nonAscii)} HTTP/1.1\r\n${host()}\r\n`, { authed: false, status: [401] }],
    ['cookie of non-ASCII characters (UTF-8 bytes)', () => Buffer.from(`GET / HTTP/1.1\r\n${host()}Cookie: sbl_token=${nonAscii}\r\n\r\n`, 'utf8'), { authed: false, status: [400, 401] }],
    ['cookie of latin-1 bytes', () => Buffer.from(`GET / HTTP/1.1\r\n${host()}Cookie: sbl_token=${'\xff'.repeat(48)}\r\n\r\n`, 'latin1'), { authed: false, status: [400, 401] }],
    ['upgrade with a non-ASCII token', () => `GET /api/ws?token=${encodeURIComponent(nonAscii)} HTTP/1.1\r\n${host()}${UPGRADE}\r\n`, { authed: false, status: [401] }],
    ['upgrade with a non-ASCII cookie', () => Buffer.from(`GET /api/ws HTTP/1.1\r\n${host()}Cookie: sbl_token=${nonAscii}\r\n${UPGRADE}\r\n`, 'utf8'), { authed: false, status: [400, 401] }],
    ['bad percent-encoding', () => `GET /%E0%A4%A?token=${T} HTTP/1.1\r\n${host()}\r\n`, { authed: true, status: [400] }],
    ['bad percent-encoding, cookie', () => `GET /assets/%E0%A4%A HTTP/1.1\r\n${host()}${cookie()}\r\n`, { authed: true, status: [400] }],
    ['bad percent-encoding under /media', () => `GET /media/%E0%A4%A HTTP/1.1\r\n${host()}${cookie()}\r\n`, { authed: true, status: [404] }],
    ['lone %', () => `GET /% HTTP/1.1\r\n${host()}${cookie()}\r\n`, { authed: true, status: [400] }],
    ['NUL byte in path', () => `GET /%00 HTTP/1.1\r\n${host()}${cookie()}\r\n`, { authed: true, status: [404] }],
    ['encoded traversal', () => `GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1\r\n${host()}${cookie()}\r\n`, { authed: true, status: [404] }],
    ['traversal under /media', () => `GET /media/datasets/../../../etc/passwd HTTP/1.1\r\n${host()}${cookie()}\r\n`, { authed: true, status: [404] }],
    // Media are read without blocking (issue 17): the answer comes after Node has closed the socket this
    // raw client half-closed, so no answer (0) is as good as a 404; never a 2xx.
    ['media of a missing dataset', () => `GET /media/datasets/nope/images/0.png HTTP/1.1\r\n${host()}${cookie()}\r\n`, { authed: true, status: [0, 404] }],
    ['media with a huge index', () => `GET /media/datasets/nope/images/99999999999999999999.png HTTP/1.1\r\n${host()}${cookie()}\r\n`, { authed: true, status: [404] }],
    ['a folder', () => `GET /assets HTTP/1.1\r\n${host()}${cookie()}\r\n`, { authed: true, status: [404] }],
    ['OPTIONS *', () => `OPTIONS * HTTP/1.1\r\n${host()}${cookie()}\r\n`, { authed: true, status: [400] }],
    ['CONNECT', () => `CONNECT 127.0.0.1:22 HTTP/1.1\r\n${host()}${cookie()}\r\n`, { authed: true, status: [0, 400] }],
    ['POST with a body', () => `POST /?token=${T} HTTP/1.1\r\n${host()}Content-Length: 5\r\n\r\nhello`, { authed: true, status: [405] }],
    ['header without a colon', () => `GET / HTTP/1.1\r\n${host()}NoColonHere\r\n\r\n`, { authed: false, status: [400] }],
    ['negative Content-Length', () => `GET / HTTP/1.1\r\n${host()}Content-Length: -1\r\n\r\n`, { authed: false, status: [400] }],
    ['bad chunked body', () => `POST / HTTP/1.1\r\n${host()}Transfer-Encoding: chunked\r\n\r\nzz\r\n`, { authed: false }],
    ['oversized headers', () => `GET / HTTP/1.1\r\n${host()}X-Big: ${'a'.repeat(70_000)}\r\n\r\n`, { authed: false, status: [431, 400] }],
    ['HTTP/0.9 request line', () => 'GET /\r\n\r\n', { authed: false }],
    ['binary garbage', () => randomBytes(512), { authed: false }],
    ['Origin null', () => `GET /?token=${T} HTTP/1.1\r\n${host()}Origin: null\r\n\r\n`, { authed: true, status: [403] }],
    ['Origin unparsable', () => `GET /?token=${T} HTTP/1.1\r\n${host()}Origin: http://[\r\n\r\n`, { authed: true, status: [403] }],
    ['Host unparsable', () => `GET /?token=${T} HTTP/1.1\r\nHost: [\r\nOrigin: http://localhost:1\r\n\r\n`, { authed: true, status: [400, 403] }],
    ['Origin non-ASCII', () => Buffer.from(`GET /?token=${T} HTTP/1.1\r\n${host()}Origin: http://é.example\r\n\r\n`, 'utf8'), { authed: true, status: [400, 403] }],
    ['upgrade on another path', () => `GET /elsewhere?token=${T} HTTP/1.1\r\n${host()}${UPGRADE}\r\n`, { authed: true, status: [401] }],
    ['upgrade without a key', () => `GET /api/ws?token=${T} HTTP/1.1\r\n${host()}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n`, { authed: true, status: [400] }],
    ['upgrade to something else', () => `GET /api/ws?token=${T} HTTP/1.1\r\n${host()}Upgrade: h2c\r\nConnection: Upgrade\r\n\r\n`, { authed: true, status: [400] }],
    ['upgrade with a wrong version', () => `GET /api/ws?token=${T} HTTP/1.1\r\n${host()}${UPGRADE.replace('13', '7')}\r\n`, { authed: true, status: [400, 426] }],
  ];
  for (const [label, bytes, expect] of cases) await raw(label, bytes, expect);
});

/** mulberry32: a small seeded generator, so every run sends the same cases. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('seeded malformed requests, with and without the token, plain and upgrade', async () => {
  const rnd = seeded(20240607);
  const pick = <X>(xs: readonly X[]): X => xs[Math.floor(rnd() * xs.length)];
  const pieces = ['/', '//', '[', ']', '::1', '%', '%E0', '%A4%A', '%00', '%2f', '..', '.', 'http://', 'http://[', '@', ':', '\\', '?', '#', '&token=', 'token=', 'media/', 'datasets/', 'runs/', 'api/ws', 'images/0.png', 'report/report.html', 'é', '\u00ff', '\u{1F600}', 'x'];
  const methods = ['GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'G\u00e9T', ''];
  const tokens = () => [T, T.slice(0, -1), `${T}0`, T.toUpperCase(), 'é'.repeat(48), '\u00ff'.repeat(48), '', '%', encodeURIComponent('é'.repeat(48))];
  const origins = () => [`http://127.0.0.1:${door.port}`, `http://localhost:${door.port}`, 'http://evil.example', 'null', 'http://[', 'https://localhost', 'http://localhost:9000', '\u00e9'];
  const hosts = () => [`127.0.0.1:${door.port}`, `localhost:${door.port}`, 'evil.example', '[', '[::1', '', 'localhost:9000', '\u00e9:1'];
  const N = 160;
  for (let i = 0; i < N; i++) {
    let target = '';
    const parts = 1 + Math.floor(rnd() * 6);
    for (let k = 0; k < parts; k++) target += pick(pieces);
    if (rnd() < 0.3) target = `/${target}`;
    const withToken = rnd() < 0.5;
    const tokenKind = rnd();
    const presented = pick(tokens());
    if (tokenKind < 0.4) target += `${target.includes('?') ? '&' : '?'}token=${withToken ? T : presented}`;
    let headers = '';
    if (rnd() < 0.9) headers += `Host: ${pick(hosts())}\r\n`;
    if (rnd() < 0.4) headers += `Origin: ${pick(origins())}\r\n`;
    if (tokenKind >= 0.4 && tokenKind < 0.8) headers += `Cookie: ${rnd() < 0.5 ? 'a=b; ' : ''}sbl_token=${withToken ? T : presented}${rnd() < 0.3 ? '; sbl_token=x' : ''}\r\n`;
    if (rnd() < 0.3) headers += UPGRADE;
    if (rnd() < 0.1) headers += `${pick(['X-\u00e9', 'Bad Header', ':', 'Content-Length'])}: ${pick(['1', '-1', 'é', 'x'.repeat(100)])}\r\n`;
    const line = `${pick(methods)} ${target} HTTP/1.${rnd() < 0.9 ? 1 : 0}\r\n`;
    const bytes = Buffer.from(`${line}${headers}\r\n`, rnd() < 0.5 ? 'utf8' : 'latin1');
    // Only a case that carries the real token may be answered 2xx or 101.
    await raw(`seeded #${i}: ${JSON.stringify(bytes.toString('latin1').slice(0, 160))}`, () => bytes, { authed: withToken && tokenKind < 0.8 });
  }
});

/** Handshakes by hand over node:net, then writes `frames` raw; resolves when the server closes. */
function rawSocketFrames(frames: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(door.port, '127.0.0.1');
    let seen = '';
    let upgraded = false;
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on('connect', () => socket.write(`GET /api/ws?token=${T} HTTP/1.1\r\n${host()}${UPGRADE}\r\n`));
    socket.on('data', (c) => {
      seen += c.toString('latin1');
      if (!upgraded && seen.includes('\r\n\r\n')) {
        upgraded = true;
        socket.write(frames);
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(seen);
    });
  });
}

/** A client frame: FIN + opcode, masked with a zero key, payload length < 126 unless `len` is given. */
function frame(opcode: number, payload: Buffer, opts: { masked?: boolean; rsv?: number; fin?: boolean } = {}): Buffer {
  const first = ((opts.fin ?? true) ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | opcode;
  const masked = opts.masked ?? true;
  const head = payload.length < 126 ? Buffer.from([first, (masked ? 0x80 : 0) | payload.length]) : Buffer.from([first, (masked ? 0x80 : 0) | 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, masked ? Buffer.alloc(4) : Buffer.alloc(0), payload]);
}

test('malformed WebSocket messages close only their own socket; calls with bad params get an answer', async () => {
  // Messages outside the envelope: the socket is closed (1003/1007/1008/1009), the server goes on.
  const closing: Array<[string, string | Buffer, { binary?: boolean }]> = [
    ['null', 'null', {}],
    ['array', '[]', {}],
    ['array of a request', '[{"id":1,"call":"getInfo"}]', {}],
    ['number', '1', {}],
    ['string', '"getInfo"', {}],
    ['true', 'true', {}],
    ['empty object', '{}', {}],
    ['string id', '{"id":"1","call":"getInfo"}', {}],
    ['fractional id', '{"id":1.5,"call":"getInfo"}', {}],
    ['huge id', '{"id":1e400,"call":"getInfo"}', {}],
    ['not JSON', '{id:1}', {}],
    ['empty', '', {}],
    ['deep nesting', `${'['.repeat(200_000)}${']'.repeat(200_000)}`, {}],
    ['over the size limit', `{"id":1,"call":"getInfo","params":"${'x'.repeat(2 * 1024 * 1024)}"}`, {}],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }],
    ['binary frame', Buffer.from('{"id":1,"call":"getInfo"}'), { binary: true }],
  ];
  for (const [label, data, opts] of closing) {
    await fuzzCase(`ws ${label}`, async () => {
      const opened = await openSocket(door.port, { token: T });
      assert.ok('ws' in opened, 'a good socket opens');
      const { ws } = opened as { ws: WebSocket };
      ws.send(data, { binary: opts.binary ?? false });
      const r = await nextMessage(ws);
      assert.ok('closed' in r, `ws ${label}: expected the socket closed, got ${JSON.stringify(r).slice(0, 100)}`);
    });
  }
  // Envelopes that are right but whose call or params are wrong: answered with an error, socket stays.
  const answered: Array<[string, unknown, (r: { ok: boolean }) => boolean]> = [
    ['unknown call', { id: 1, call: 'nope' }, (r) => !r.ok],
    ['call missing', { id: 1 }, (r) => !r.ok],
    ['call not a string', { id: 1, call: ['getInfo'] }, (r) => !r.ok],
    ['call __proto__', { id: 1, call: '__proto__' }, (r) => !r.ok],
    ['call constructor', { id: 1, call: 'constructor' }, (r) => !r.ok],
    ['a service that throws', { id: 1, call: 'listRuns', params: 'throw' }, (r) => !r.ok],
    ['negative id', { id: -5, call: 'getInfo', params: {} }, (r) => r.ok],
  ];
  for (const [label, msg, good] of answered) {
    await fuzzCase(`ws ${label}`, async () => {
      const opened = await openSocket(door.port, { token: T });
      const { ws } = opened as { ws: WebSocket };
      ws.send(JSON.stringify(msg));
      const r = await nextMessage(ws);
      assert.ok('message' in r, `ws ${label}: expected an answer`);
      const m = r.message as { id: number; result: { ok: boolean } };
      assert.equal(m.id, (msg as { id: number }).id);
      assert.ok(good(m.result), `ws ${label}: ${JSON.stringify(m.result)}`);
      ws.close();
    });
  }
});

test('params pass through the transport untouched, whatever they are', async () => {
  const values = ['null', '[]', '[1,2]', '0', '-1', '"x"', 'true', '{"paddingTrick":"false"}', '{"nested":{"a":[null,{"b":"é"}]}}', '{"__proto__":{"polluted":true}}'];
  for (const [i, params] of values.entries()) {
    await fuzzCase(`params ${params}`, async () => {
      const { ws } = (await openSocket(door.port, { token: T })) as { ws: WebSocket };
      const text = `{"id":${100 + i},"call":"listRuns","params":${params}}`;
      ws.send(text);
      const r = await nextMessage(ws);
      ws.close();
      assert.ok('message' in r, 'answered');
      assert.deepEqual(await door.lastCall(), { name: 'listRuns', params: (JSON.parse(text) as { params: unknown }).params });
    });
  }
});

test('seeded garbage frames after a good handshake close that socket only', async () => {
  const rnd = seeded(7);
  const byte = () => Math.floor(rnd() * 256);
  const fixed: Array<[string, Buffer]> = [
    ['unmasked frame', frame(1, Buffer.from('{"id":1}'), { masked: false })],
    ['reserved bits', frame(1, Buffer.from('{}'), { rsv: 7 })],
    ['unknown opcode', frame(3, Buffer.from('x'))],
    ['continuation without start', frame(0, Buffer.from('x'))],
    ['fragmented control frame', frame(9, Buffer.from('x'), { fin: false })],
    ['close with invalid code', frame(8, Buffer.from([0x03, 0xe7]))],
    ['close with invalid UTF-8 reason', frame(8, Buffer.from([0x03, 0xe8, 0xff]))],
    ['length over maxPayload', Buffer.from([0x81, 0xff, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0])],
    ['text frame of invalid UTF-8', frame(1, Buffer.from([0xc3, 0x28]))],
    ['text frame: null', frame(1, Buffer.from('null'))],
  ];
  for (let i = 0; i < 40; i++) fixed.push([`random frame #${i}`, Buffer.from(Array.from({ length: 2 + Math.floor(rnd() * 64) }, byte))]);
  for (const [label, bytes] of fixed) {
    await fuzzCase(`frames: ${label}`, async () => {
      const seen = await rawSocketFrames(bytes);
      assert.match(seen, /^HTTP\/1\.1 101/, `${label}: the handshake itself was good`);
    });
  }
});

test('events still reach a socket after its neighbours sent garbage', async () => {
  const opened = await openSocket(door.port, { token: T });
  const { ws } = opened as { ws: WebSocket };
  const bad = await openSocket(door.port, { token: T });
  (bad as { ws: WebSocket }).ws.send('null');
  await nextMessage((bad as { ws: WebSocket }).ws);
  const got = nextMessage(ws);
  door.emit('jobs', { hello: 1 });
  assert.deepEqual(await got, { message: { event: 'jobs', payload: { hello: 1 } } });
  ws.close();
});

test('the server held after every case', () => {
  assert.ok(tally.cases > 250, `${tally.cases} cases ran`);
  assert.deepEqual(tally.failures, []);
  assert.equal(tally.held, tally.cases);
});
