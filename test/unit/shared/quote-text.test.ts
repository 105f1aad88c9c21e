/** quote-text.ts (issue 16): text from a user's file reaches messages short, quoted and escaped. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeText, hasControlCharacters, quoteText } from '../../../src/shared/quote-text.ts';

test('C0, DEL, C1 and bidi controls are escaped; quotes and backslashes as JSON; ordinary text kept', () => {
  assert.equal(quoteText('\u001b[2J\u0007 \u007f\u009b \u202e\u2066 "a\\b" \t000001.jpg é'), '"\\u001b[2J\\u0007 \\u007f\\u009b \\u202e\\u2066 \\"a\\\\b\\" \\t000001.jpg é"');
  assert.equal(escapeText('x\u001by'), 'x\\u001by');
});

test('cut at max characters (never inside a surrogate pair), with an ellipsis; a lone surrogate escaped', () => {
  assert.equal(quoteText('a'.repeat(100)), `"${'a'.repeat(60)}…"`);
  assert.equal(quoteText('😀😀😀', 2), '"😀😀…"');
  assert.equal(quoteText('\ud800x'), '"\\ud800x"');
});

test('hasControlCharacters finds what quoteText would escape', () => {
  for (const c of ['\u0000', '\u001f', '\u007f', '\u0085', '\u202e', '\u2069']) assert.ok(hasControlCharacters(`a${c}b`), JSON.stringify(c));
  assert.ok(!hasControlCharacters('000001.jpg é 😀'));
});
