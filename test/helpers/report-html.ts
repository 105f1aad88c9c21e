/** Checks on a generated report.html that every front door's report must pass. */
import assert from 'node:assert/strict';

/** Each row of example maps: the input first, then maps that each carry a colour bar. Returns the map count. */
export function assertEveryMapHasColourBar(html: string): number {
  const rows = html.split('<div class="maprow">').slice(1).map((r) => r.split('</div>\n')[0]);
  assert.ok(rows.length > 0, 'the report has example map rows');
  let maps = 0;
  for (const row of rows) {
    const figures = row.split('<figure').length - 1;
    const bars = row.split('class="cbar"').length - 1;
    assert.equal(bars, figures - 1, `a row of ${figures} figures (input + maps) has ${bars} colour bars`);
    maps += bars;
  }
  return maps;
}
