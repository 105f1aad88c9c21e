/**
 * Issue 21, "no CLI command as advice inside the app": an error's remedy travels as data, and each front
 * door shows its own words, once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inDoor, messageWithRemedy, remedyOf, resumeRemedy, withRemedy } from '../../../src/shared/remedy.ts';
import { LabError, serializeError } from '../../../src/shared/result.ts';

const cancelled = serializeError(new LabError('cancelled', 'training cancelled at epoch 3', withRemedy(resumeRemedy('run-1'), { runId: 'run-1' })));

test('the CLI shows the command, the app its place, and the message itself names neither', () => {
  assert.equal(cancelled.message, 'training cancelled at epoch 3');
  assert.equal(messageWithRemedy(cancelled, 'cli'), 'training cancelled at epoch 3 (saliency-lab train --resume run-1)');
  const app = messageWithRemedy(cancelled, 'app');
  assert.equal(app, 'training cancelled at epoch 3; select the run in the Training view and press Resume');
  assert.doesNotMatch(app, /saliency-lab|--resume/);
});

test('inDoor joins the remedy once and keeps the other details', () => {
  const shown = inDoor(cancelled, 'app');
  assert.deepEqual(shown.details, { runId: 'run-1' });
  assert.equal(remedyOf(shown), undefined);
  assert.deepEqual(inDoor(shown, 'app'), shown, 'showing it again adds nothing');
  const plain = { kind: 'io' as const, message: 'disk full' };
  assert.equal(inDoor(plain, 'cli'), plain);
});

test('a malformed remedy is ignored, not shown half', () => {
  assert.equal(remedyOf({ kind: 'io', message: 'x', details: { remedy: { command: 'a' } } }), undefined);
  assert.equal(remedyOf({ kind: 'io', message: 'x', details: { remedy: 'saliency-lab x' } }), undefined);
  assert.equal(messageWithRemedy({ kind: 'io', message: 'x', details: { remedy: null } }, 'app'), 'x');
});
