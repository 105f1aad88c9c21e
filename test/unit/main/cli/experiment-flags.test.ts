/**
 * Kind flags read into a kind's config (src/main/cli/commands/experiment.ts): an on-off flag set to off
 * reaches the config as false. `--padding-trick off` was dropped with the switches that were not given,
 * so the trick stayed on while the user asked for it off (found adding `--road off`, issue 19).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { experimentConfigFromFlags } from '../../../../src/main/host/experiments/config-from-flags.ts';
import { experimentDefinition } from '../../../../src/main/host/experiments/registry.ts';

test('on-off flags: off is false in the config, on is true, absent is the default; a switch not given sets nothing', () => {
  const blackbox = experimentDefinition('blackbox')!;
  const config = (flags: Record<string, string | boolean>) => experimentConfigFromFlags(blackbox, flags) as { maps: { options: { paddingTrick: boolean } }; quick: boolean };
  assert.equal(config({ 'padding-trick': 'off' }).maps.options.paddingTrick, false);
  assert.equal(config({ 'padding-trick': 'on' }).maps.options.paddingTrick, true);
  assert.equal(config({}).maps.options.paddingTrick, true);
  assert.equal(config({ quick: false }).quick, false);
  assert.throws(() => config({ 'padding-trick': 'maybe' }), /--padding-trick: expected on or off, got "maybe"/);
});
