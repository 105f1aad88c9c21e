/** The CLI's "did you mean --epochs?" and its ETAs that wait for a pace (issue 21). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestName, didYouMean } from '../../../src/shared/did-you-mean.ts';
import { etaFromPace } from '../../../src/shared/progress.ts';

const FLAGS = ['epochs', 'batch', 'lr', 'seed', 'size', 'count', 'methods', 'padding-trick', 'quick'];

test('a near miss gets the closest flag; nothing close gets nothing', () => {
  assert.equal(closestName('epoch', FLAGS), 'epochs');
  assert.equal(closestName('epcohs', FLAGS), 'epochs');
  assert.equal(closestName('method', FLAGS), 'methods');
  assert.equal(closestName('padding', FLAGS), 'padding-trick');
  assert.equal(closestName('sed', FLAGS), 'seed');
  assert.equal(closestName('iterations', FLAGS), null);
  assert.equal(closestName('x', FLAGS), null);
  // The name itself is not a suggestion.
  assert.equal(closestName('epochs', FLAGS), null);
  assert.equal(didYouMean('epoch', FLAGS, '--'), '; did you mean --epochs?');
  assert.equal(didYouMean('zzz', FLAGS, '--'), '');
});

test('an ETA waits until there is a pace to go by, then extrapolates it', () => {
  assert.equal(etaFromPace(0.5, 1, 100), null, 'half a second in: start-up, not pace');
  assert.equal(etaFromPace(5, 1, 1000), null, '0.1 % done after 5 s: too early (this was "1h35m" for an 8-s stage)');
  assert.equal(etaFromPace(10, 50, 100), 10);
  assert.equal(etaFromPace(40, 1, 1000), 39_960, 'after 30 s any progress is the pace');
  assert.equal(etaFromPace(3, 0, 10), null);
  assert.equal(etaFromPace(3, 10, 10), 0);
});
