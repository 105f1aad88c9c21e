// A local ESLint plugin with one rule, `lab/tf-leak-check` (issue 15, item 10): a test file that runs
// TF.js must call the project's leak check, `noLeak` from test/helpers/engine.ts, as VS Code's lint makes
// every test suite call ensureNoDisposablesAreLeakedInTestSuite(). DESIGN.md: every public engine function
// leaves tf.memory().numTensors where it found it, and tests assert this.
//
// A file runs TF.js when it imports (not type-only) `@tensorflow/*`, anything under `worker/engine/`, or
// `useBackend` from the engine test helper. The rule is satisfied by one call of the helper's noLeak
// (imported by name, renamed or through a namespace); it reports at the first import that runs TF.js.

const RUNS_TF = [/^@tensorflow\//, /(^|\/)worker\/engine\//];
const ENGINE_HELPER = /(^|\/)helpers\/engine(\.ts)?$/;
const LEAK_CHECK = 'noLeak';

/** @type {import('eslint').Rule.RuleModule} */
const tfLeakCheck = {
  meta: {
    type: 'problem',
    docs: { description: 'A test file that runs TF.js calls noLeak() from test/helpers/engine.ts' },
    schema: [],
    messages: {
      missing:
        'This test file runs TF.js ({{what}}) but never calls {{helper}}() from test/helpers/engine.ts: wrap its TF.js work in {{helper}} so a tensor leak fails a test.',
    },
  },
  create(context) {
    /** @type {{ node: import('estree').Node, what: string } | null} */
    let runsTf = null;
    const leakNames = new Set();
    const helperNamespaces = new Set();
    let called = false;
    const note = (node, what) => {
      if (runsTf === null) runsTf = { node, what };
    };
    return {
      ImportDeclaration(node) {
        if (node.importKind === 'type') return;
        const source = String(node.source.value);
        const values = node.specifiers.filter((s) => s.importKind !== 'type');
        if (RUNS_TF.some((r) => r.test(source)) && (values.length > 0 || node.specifiers.length === 0)) note(node, `imports ${source}`);
        if (!ENGINE_HELPER.test(source)) return;
        for (const s of values) {
          if (s.type === 'ImportNamespaceSpecifier') helperNamespaces.add(s.local.name);
          if (s.type !== 'ImportSpecifier') continue;
          const imported = s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
          if (imported === 'useBackend') note(node, 'imports useBackend');
          if (imported === LEAK_CHECK) leakNames.add(s.local.name);
        }
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal' && RUNS_TF.some((r) => r.test(String(node.source.value)))) note(node, `imports ${node.source.value}`);
      },
      CallExpression(node) {
        const c = node.callee;
        if (c.type === 'Identifier' && leakNames.has(c.name)) called = true;
        if (c.type === 'MemberExpression' && c.object.type === 'Identifier' && helperNamespaces.has(c.object.name) && c.property.type === 'Identifier' && c.property.name === LEAK_CHECK) {
          called = true;
        }
      },
      'Program:exit'() {
        if (runsTf !== null && !called) context.report({ node: runsTf.node, messageId: 'missing', data: { what: runsTf.what, helper: LEAK_CHECK } });
      },
    };
  },
};

export const labTestRules = { meta: { name: 'lab-test-rules' }, rules: { 'tf-leak-check': tfLeakCheck } };
