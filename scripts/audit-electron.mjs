#!/usr/bin/env node
// `npm run audit:electron`: Electronegativity on the built main and preload (issue 7), with the Electron
// version of node_modules/electron given, so it needs neither the Electron binary nor the network.
//
// A medium or higher finding passes only when it is fixed or justified next to the code: the source
// line it comes from carries `// eng-disable <CHECK_ID>` with the reason in the comment above it.
// Electronegativity honours those comments itself when it reads the sources, but the bundler drops
// trailing comments, so for the build this script matches each finding's line to an annotated source
// line in src/main or src/preload (same code, quotes and spacing normalised). Anything else fails.
// Usage: node scripts/audit-electron.mjs [--keep] (keeps the build and the CSV in a temp folder).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const keep = process.argv.includes('--keep');
const BLOCKING = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, ...opts });
  if (r.status !== 0) {
    process.stderr.write(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}\n`);
    process.exit(1);
  }
  return r;
}

/** One CSV line of Electronegativity's output: fields separated by ", ", quoted with "" escapes. */
function parseCsvLine(line) {
  const out = [];
  let i = 0;
  while (i <= line.length) {
    while (line[i] === ' ') i++;
    let field = '';
    if (line[i] === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] === '"' && line[i + 1] === '"') {
          field += '"';
          i++;
        } else if (line[i] === '"') break;
        else field += line[i];
      }
      i++;
    }
    const comma = line.indexOf(',', i);
    const end = comma === -1 ? line.length : comma;
    field += line.slice(i, end);
    out.push(field.trim());
    i = end + 1;
    if (comma === -1) break;
  }
  return out;
}

/** Code without comments, quotes and spacing normalised, so a bundled line and its source line compare equal. */
const normalise = (code) => code.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '').replace(/'/g, '"').replace(/\s+/g, '').replace(/,$/, '');

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.(ts|js|mjs|cjs)$/.test(p) ? [p] : [];
  });
}

/** Every `eng-disable CHECK` annotation in main and preload sources: check id → normalised code lines. */
function annotations() {
  const found = new Map();
  for (const file of [...sourceFiles(join(root, 'src/main')), ...sourceFiles(join(root, 'src/preload'))]) {
    readFileSync(file, 'utf8').split('\n').forEach((line, n) => {
      const m = /(?:\/\*|\/\/)[ \t]*eng-disable[ \t]+([\w \t]+)/.exec(line);
      if (m === null) return;
      for (const id of m[1].trim().split(/[ \t,]+/)) {
        const list = found.get(id.toUpperCase()) ?? [];
        list.push({ code: normalise(line), where: `${file.slice(root.length)}:${n + 1}` });
        found.set(id.toUpperCase(), list);
      }
    });
  }
  return found;
}

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const out = mkdtempSync(join(tmpdir(), 'sbl-electronegativity-'));
try {
  run('npx', ['electron-vite', 'build', '--outDir', join(out, 'build'), '--logLevel', 'warn']);
  // Only main and preload are Electron code; the renderer is plain web code and is checked by its CSP.
  rmSync(join(out, 'build', 'renderer'), { recursive: true, force: true });
  const csv = join(out, 'electronegativity.csv');
  run('npx', ['electronegativity', '-i', join(out, 'build'), '-r', '-e', electronVersion, '-v', 'false', '-o', csv]);
  const [, ...rows] = readFileSync(csv, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const notes = annotations();
  const findings = rows.map(parseCsvLine).map(([id, severity, confidence, file, location, sample]) => {
    const justified = BLOCKING.has(severity) ? (notes.get(id) ?? []).find((a) => a.code === normalise(sample)) : undefined;
    return { id, severity, confidence, at: `${file}:${location}`, sample, status: !BLOCKING.has(severity) ? 'info' : justified ? `justified at ${justified.where}` : 'OPEN' };
  });
  console.log(`Electronegativity on the built main and preload (Electron ${electronVersion}): ${findings.length} finding(s)`);
  for (const f of findings) console.log(`  ${f.severity.padEnd(6)} ${f.confidence.padEnd(9)} ${f.id.padEnd(24)} ${f.at.padEnd(22)} ${f.status}\n      ${f.sample}`);
  const open = findings.filter((f) => f.status === 'OPEN');
  console.log(open.length === 0 ? 'no open medium or high finding' : `${open.length} open medium or high finding(s): fix them or justify them next to the code (// eng-disable CHECK_ID)`);
  if (keep) console.log(`kept: ${out}`);
  process.exitCode = open.length === 0 ? 0 : 1;
} finally {
  if (!keep) rmSync(out, { recursive: true, force: true });
}
