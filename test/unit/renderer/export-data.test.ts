import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, fileStem, parseCsv, toCsv, toJson, toRecords } from '../../../src/renderer/export-data.ts';

test('CSV (RFC 4180): quoting of commas, quotes and newlines; null and non-finite numbers empty; CRLF rows', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\rlf'), '"cr\rlf"');
  assert.equal(csvField(null), '');
  assert.equal(csvField(undefined), '');
  assert.equal(csvField(NaN), '');
  assert.equal(csvField(Infinity), '');
  assert.equal(csvField(true), 'true');
  assert.equal(csvField(''), '');
  const t = { columns: ['name', 'value', 'note'], rows: [['rectgrad', 0.1 + 0.2, 'a, "b"\nc'], ['nobias', null, '']] };
  assert.equal(toCsv(t), 'name,value,note\r\nrectgrad,0.30000000000000004,"a, ""b""\nc"\r\nnobias,,\r\n');
});

test('CSV numbers round-trip at full precision (not the rounded display)', () => {
  const values = [0.30000000000000004, 1 / 3, -2.5e-12, 123456789.12345679, 5e-324, 1.7976931348623157e308, 0, -0, 42];
  const csv = toCsv({ columns: ['v'], rows: values.map((v) => [v]) });
  const back = parseCsv(csv).slice(1).map(([s]) => Number(s));
  assert.deepEqual(back, values.map((v) => (Object.is(v, -0) ? 0 : v)));
});

test('CSV parses back to the same fields; JSON keys rows by column, null for missing and non-finite', () => {
  const t = { columns: ['a', 'b,c', 'd'], rows: [['x"y', 'line1\r\nline2', 3], [null, NaN, 'z']] };
  assert.deepEqual(parseCsv(toCsv(t)), [['a', 'b,c', 'd'], ['x"y', 'line1\r\nline2', '3'], ['', '', 'z']]);
  assert.deepEqual(toRecords(t), [{ a: 'x"y', 'b,c': 'line1\r\nline2', d: 3 }, { a: null, 'b,c': NaN, d: 'z' }]);
  assert.deepEqual(JSON.parse(toJson(t)), [{ a: 'x"y', 'b,c': 'line1\r\nline2', d: 3 }, { a: null, 'b,c': null, d: 'z' }]);
  assert.equal(fileStem('Metrics: run ab3x · rectgrad'), 'metrics-run-ab3x-rectgrad');
});
