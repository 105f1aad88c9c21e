// An ESLint processor that hands the <script> blocks of a Vue single-file component to the TypeScript
// parser, so the boundary rules (no-restricted-imports per process) and the TS rules apply to .vue
// files too (issue 7, "Lint covers .vue files"). Everything outside the script is blanked to spaces,
// keeping line and column numbers exact, so no message needs remapping. Templates are not linted here:
// that needs vue-eslint-parser + eslint-plugin-vue, which this project does not install yet.
const SCRIPT = /<script\b[^>]*>([\s\S]*?)<\/script>/g;

const blank = (s) => s.replace(/[^\n]/g, ' ');

export const vueScripts = {
  meta: { name: 'vue-scripts', version: '1.0.0' },
  preprocess(text) {
    const blocks = [];
    for (const m of text.matchAll(SCRIPT)) {
      const start = m.index + m[0].indexOf('>') + 1;
      blocks.push({ text: blank(text.slice(0, start)) + m[1], filename: `${blocks.length}.ts` });
    }
    return blocks;
  },
  postprocess: (messages) => messages.flat(),
  supportsAutofix: false,
};
