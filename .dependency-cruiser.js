/**
 * Architecture rules (STYLE.md, principle 1). `npm run arch` checks src/; the test in
 * test/architecture proves each rule fires on a fixture that breaks it.
 */
module.exports = {
  forbidden: [
    {
      name: 'context-internals',
      comment: 'A context may use another context only through its contracts/ folder.',
      severity: 'error',
      from: { path: '(^|/)src/contexts/([^/]+)/' },
      to: {
        path: '(^|/)src/contexts/([^/]+)/',
        pathNot: ['(^|/)src/contexts/$2/', '(^|/)src/contexts/[^/]+/contracts/'],
      },
    },
    {
      name: 'shared-imports-no-context',
      comment: 'src/shared is the kernel: it knows no bounded context.',
      severity: 'error',
      from: { path: '(^|/)src/shared/' },
      to: { path: '(^|/)src/contexts/' },
    },
    {
      name: 'shared-imports-no-platform',
      comment: 'src/shared is the kernel: platform modules build on it, not the other way round.',
      severity: 'error',
      from: { path: '(^|/)src/shared/' },
      to: { path: '(^|/)src/(platform|bootstrap|cli)/' },
    },
    {
      name: 'simulators-only-from-demo-wiring',
      comment: 'Only the demo wiring (src/platform/demo), tests and benchmarks may use the simulators.',
      severity: 'error',
      from: {
        path: '(^|/)src/',
        pathNot: ['(^|/)src/simulators/', '(^|/)src/platform/demo/', '\\.(spec|int-spec|e2e-spec)\\.ts$'],
      },
      to: { path: '(^|/)src/simulators/' },
    },
    {
      name: 'simulators-are-standalone',
      comment: 'Simulators are faithful fakes of external systems: they import nothing of the product.',
      severity: 'error',
      from: { path: '(^|/)src/simulators/' },
      to: { path: '(^|/)src/(contexts|platform|shared|config|bootstrap|cli)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
