/** Versions stored with every run: the app, Node, and the TF.js packages actually installed. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const req = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(req.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

// Read once, when the module loads (start-up, before any request): they cannot change while the app runs.
const app = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
const VERSIONS: Readonly<Record<string, string>> = {
  app: app.version,
  node: process.versions.node,
  '@tensorflow/tfjs-core': packageVersion('@tensorflow/tfjs-core'),
  '@tensorflow/tfjs-backend-wasm': packageVersion('@tensorflow/tfjs-backend-wasm'),
};

export function versions(): Record<string, string> {
  return { ...VERSIONS };
}
