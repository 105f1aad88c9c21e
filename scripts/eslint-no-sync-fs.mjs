// A local ESLint rule, `lab/no-sync-fs` (issue 17; as VS Code's `code-no-sync-fs`). DESIGN.md "Boundaries":
// the main process never blocks on disk on a request path, so src/main and src/node use node:fs/promises.
//
// Reported: any use of a `node:fs` (or `fs`) export whose name ends in `Sync`, however it is reached:
//   import { readFileSync } from 'node:fs'            (at the import)
//   import * as fs from 'node:fs'; fs.statSync(p)     (at the member)
//   import fs from 'node:fs'; fs.existsSync(p)        (at the member)
//   const { mkdirSync } = fs / require('node:fs')     (at the pattern)
// and the sync twins of src/node's own fs helpers (an imported name ending in `Sync` from a module under
// a `node/` folder, e.g. writeFileAtomicSync from src/node/atomic-write.ts), which the worker thread uses.
// Files that are not on a request path are exempted in eslint.config.js, each with its reason.

const FS_MODULES = new Set(['fs', 'node:fs']);
const SRC_NODE = /(^|\/)node\/[^/]+$/;
const isSync = (name) => typeof name === 'string' && /Sync$/.test(name);

const keyName = (key) => (key.type === 'Identifier' ? key.name : key.type === 'Literal' ? String(key.value) : null);

/** @type {import('eslint').Rule.RuleModule} */
const noSyncFs = {
  meta: {
    type: 'problem',
    docs: { description: 'No synchronous fs in the main process (DESIGN.md "Boundaries")' },
    schema: [],
    messages: {
      fs: '{{name}} from {{module}} blocks the main process on disk; use node:fs/promises (DESIGN.md).',
      twin: '{{name}} from {{module}} is the synchronous twin (for the worker thread); it blocks the main process on disk: use its async version (DESIGN.md).',
    },
  },
  create(context) {
    /** Local names bound to the whole fs module (namespace, default or `require`). */
    const fsObjects = new Set();
    const reportPattern = (pattern, module) => {
      if (pattern.type !== 'ObjectPattern') return;
      for (const p of pattern.properties) {
        if (p.type !== 'Property') continue;
        const name = keyName(p.key);
        if (isSync(name)) context.report({ node: p, messageId: 'fs', data: { name, module } });
      }
    };
    const isFsRequire = (node) =>
      node?.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal' && FS_MODULES.has(String(node.arguments[0].value));
    return {
      ImportDeclaration(node) {
        const module = String(node.source.value);
        if (FS_MODULES.has(module)) {
          for (const s of node.specifiers) {
            if (s.type === 'ImportSpecifier') {
              const name = keyName(s.imported);
              if (isSync(name)) context.report({ node: s, messageId: 'fs', data: { name, module } });
            } else fsObjects.add(s.local.name);
          }
        } else if (SRC_NODE.test(module)) {
          for (const s of node.specifiers) {
            if (s.type !== 'ImportSpecifier' || s.importKind === 'type') continue;
            const name = keyName(s.imported);
            if (isSync(name)) context.report({ node: s, messageId: 'twin', data: { name, module } });
          }
        }
      },
      VariableDeclarator(node) {
        if (isFsRequire(node.init)) {
          if (node.id.type === 'Identifier') fsObjects.add(node.id.name);
          else reportPattern(node.id, String(node.init.arguments[0].value));
        } else if (node.init?.type === 'Identifier' && fsObjects.has(node.init.name)) reportPattern(node.id, 'node:fs');
      },
      MemberExpression(node) {
        if (node.object.type !== 'Identifier' || !fsObjects.has(node.object.name)) return;
        const name = node.computed ? (node.property.type === 'Literal' ? String(node.property.value) : null) : node.property.name;
        if (isSync(name)) context.report({ node: node.property, messageId: 'fs', data: { name, module: 'node:fs' } });
      },
    };
  },
};

export const labMainRules = { meta: { name: 'lab-main-rules' }, rules: { 'no-sync-fs': noSyncFs } };
