// Builds the desktop app: main (+ the worker thread entry) and the preload for Electron, the renderer
// for lab://app. `npm start` runs this, then Electron on out/main/index.js.
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: { index: src('main/app/main.ts'), worker: src('worker/entry.ts') },
        // Native and wasm packages stay in node_modules (asarUnpack), not in the bundle.
        external: [/^@tensorflow\//, 'sharp', 'ws', 'echarts', /^node:/],
        output: { entryFileNames: '[name].js', format: 'es' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: src('preload/index.ts') },
        // Sandboxed preloads must be CommonJS (notes/toolchain.md).
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: src('renderer'),
    plugins: [vue()],
    build: { outDir: 'out/renderer', rollupOptions: { input: src('renderer/index.html') } },
  },
});
