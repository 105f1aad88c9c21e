/**
 * The Origin rule of guard.ts (issue 7): the same server is accepted under localhost, 127.0.0.1 and
 * [::1] on its port, and through an SSH tunnel on another local port (Origin and Host then both say
 * localhost:LOCALPORT), always with the token; foreign origins, DNS-rebound names and pages on other
 * loopback ports are refused even with the token.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { openSocket, startFrontDoor, type FrontDoor } from '../../../helpers/front-door.ts';

let door: FrontDoor;
let port: number;
let token: string;

before(async () => {
  door = await startFrontDoor();
  port = door.server.port;
  token = door.server.token;
});

after(() => door?.close());

/** Status of GET `path` with exactly these Host/Origin/Cookie headers (node:http lets us set Host). */
function get(headers: { host: string; origin?: string; cookie?: boolean; token?: boolean }): Promise<number> {
  return new Promise((resolve, reject) => {
    const h: Record<string, string> = { Host: headers.host };
    if (headers.origin !== undefined) h.Origin = headers.origin;
    if (headers.cookie === true) h.Cookie = `sbl_token=${token}`;
    const req = request({ host: '127.0.0.1', port, path: headers.token === false ? '/' : `/?token=${token}`, headers: h }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

const self = () => `127.0.0.1:${port}`;

test('the same server under localhost, 127.0.0.1 and [::1] on its port is one origin', async () => {
  for (const name of ['127.0.0.1', 'localhost', '[::1]']) {
    assert.equal(await get({ host: self(), origin: `http://${name}:${port}` }), 200, `Origin ${name}, Host 127.0.0.1`);
    assert.equal(await get({ host: `${name}:${port}`, origin: `http://${name}:${port}` }), 200, `Origin and Host ${name}`);
    assert.equal(await get({ host: `${name}:${port}`, origin: `http://${name}:${port}`, token: false }), 401, `${name} without the token`);
  }
  assert.equal(await get({ host: `LOCALHOST:${port}`, origin: `http://LocalHost:${port}` }), 200, 'names are case-insensitive');
});

test('through an SSH tunnel (another local port) with the token or cookie', async () => {
  const tunnel = 'localhost:9000';
  assert.equal(await get({ host: tunnel, origin: `http://${tunnel}` }), 200);
  assert.equal(await get({ host: tunnel, origin: `http://${tunnel}`, token: false, cookie: true }), 200);
  assert.equal(await get({ host: '127.0.0.1:9000', origin: 'http://127.0.0.1:9000' }), 200);
  assert.equal(await get({ host: tunnel, origin: `http://${tunnel}`, token: false }), 401, 'the tunnel does not replace the token');
  const ws = await openSocket(port, { token, origin: `http://${tunnel}`, headers: { Host: tunnel } });
  assert.ok('ws' in ws, 'the WebSocket opens through the tunnel');
  ws.ws.close();
  const wsNoToken = await openSocket(port, { origin: `http://${tunnel}`, headers: { Host: tunnel } });
  assert.deepEqual(wsNoToken, { refused: 401 });
});

test('foreign origins are refused even with the token', async () => {
  const cases: Array<[string, { host: string; origin: string }]> = [
    ['a foreign site', { host: self(), origin: 'http://evil.example' }],
    ['a foreign site on our port', { host: self(), origin: `http://evil.example:${port}` }],
    ['DNS rebinding (Host is the foreign name)', { host: `evil.example:${port}`, origin: `http://evil.example:${port}` }],
    ['a page on another loopback port calling us directly', { host: self(), origin: 'http://localhost:3000' }],
    ['a page on another local port calling the tunnel', { host: 'localhost:9000', origin: 'http://localhost:9001' }],
    ['https on our port', { host: self(), origin: `https://127.0.0.1:${port}` }],
    ['an opaque origin', { host: self(), origin: 'null' }],
    ['a file page', { host: self(), origin: 'file://' }],
    ['a loopback-looking name', { host: self(), origin: `http://localhost.evil.example:${port}` }],
    ['userinfo in Host', { host: `evil@127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` }],
  ];
  for (const [label, h] of cases) {
    assert.equal(await get({ ...h, cookie: true }), 403, label);
  }
  for (const origin of ['http://evil.example', 'http://localhost:3000']) {
    assert.deepEqual(await openSocket(port, { token, origin }), { refused: 403 }, `WebSocket from ${origin}`);
  }
});

test('no Origin header (curl, a script, a navigation): the token alone decides', async () => {
  assert.equal(await get({ host: self() }), 200);
  assert.equal(await get({ host: self(), token: false }), 401);
});
