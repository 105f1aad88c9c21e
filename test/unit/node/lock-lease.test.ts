/**
 * Locks are leases (issue 22): a lock held by a process on another machine cannot be checked by its
 * pid, so it counts as live only while its holder keeps touching it. A batch member killed outright on
 * one compute node must not block its rerun on another node forever; a fresh one must still be refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEASE_STALE_MS, acquireLockSync, holderAliveSync, liveLockHolderSync } from '../../../src/node/file-lock.ts';

const otherHost = (since = new Date()) => ({ pid: 4242, host: 'node17.cluster', boot: 'b', started: '1', since: since.toISOString(), purpose: 'batch b member 1', token: 't-other' });

test("another machine's lock is live while fresh and stale once its lease has not been renewed", () => {
  const now = Date.now();
  assert.equal(holderAliveSync(otherHost(), now - 1000), true);
  assert.equal(holderAliveSync(otherHost(), now - LEASE_STALE_MS - 1000), false);
  // Without a modification time (a caller that cannot stat) it stays live: never taken on a guess.
  assert.equal(holderAliveSync(otherHost()), true);
});

test("a stale lease from another machine is taken over; a fresh one is refused naming its holder", () => {
  const dir = mkdtempSync(join(tmpdir(), 'sbl-lease-'));
  const path = join(dir, '1.lock');
  writeFileSync(path, JSON.stringify(otherHost()));
  assert.throws(() => acquireLockSync(path, 'test', 'member 1 of batch "b"'), /member 1 of batch "b" is in use by process 4242 on host node17\.cluster/);
  assert.notEqual(liveLockHolderSync(path), null);
  const old = new Date(Date.now() - LEASE_STALE_MS - 60_000);
  utimesSync(path, old, old);
  assert.equal(liveLockHolderSync(path), null);
  const lock = acquireLockSync(path, 'test', 'member 1 of batch "b"');
  assert.equal(liveLockHolderSync(path)?.token, lock.holder.token);
  lock.release();
});
