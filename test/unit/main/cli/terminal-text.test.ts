/** Issue 16, terminal: bytes from a garbled file never reach the terminal as control sequences. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { terminalSafe } from '../../../../src/main/cli/terminal-text.ts';

test('control characters, DEL, C1 controls and bidi overrides are shown escaped; text and tabs are kept', () => {
  assert.equal(terminalSafe('list_attr_celeba.txt: line 3 "\u001b[2J\u001b]0;pwned\u0007x\r"'), 'list_attr_celeba.txt: line 3 "\\x1b[2J\\x1b]0;pwned\\x07x\\x0d"');
  assert.equal(terminalSafe('a\u007fb\u009bc'), 'a\\x7fb\\x9bc');
  assert.equal(terminalSafe('name\u202etxt.exe'), 'name\\u{202e}txt.exe');
  assert.equal(terminalSafe('plain\ttext, ünïcödé and 漢字'), 'plain\ttext, ünïcödé and 漢字');
});
