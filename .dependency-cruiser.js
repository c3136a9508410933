/**
 * Architecture rules (STYLE.md, principle 1). `npm run arch` checks src/; the test in
 * test/architecture proves each rule fires on a fixture that breaks it.
 */
/** Slice and e2e tests wire a whole use case: the layer rules apply to product code (domain tests stay pure). */
const TESTS = '\\.(spec|int-spec|e2e-spec)\\.ts$';

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
      name: 'domain-is-pure',
      comment:
        "A context's domain/ imports only src/shared and its own domain (STYLE.md: pure, no I/O): no application, infrastructure, interface, contracts, platform, nor another context.",
      severity: 'error',
      from: { path: '(^|/)src/contexts/([^/]+)/domain/' },
      to: {
        path: '(^|/)src/',
        pathNot: ['(^|/)src/shared/', '(^|/)src/contexts/$2/domain/'],
      },
    },
    {
      name: 'domain-no-io-packages',
      comment: 'domain/ is pure: no persistence, framework, broker, HTTP, file or process packages.',
      severity: 'error',
      from: { path: '(^|/)src/contexts/[^/]+/domain/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'core'],
        path: '(^|/)node_modules/(typeorm|pg|@nestjs|amqplib|amqp-connection-manager|axios|undici|nodemailer|prom-client)/|^(node:)?(fs|net|http|https|http2|child_process|dgram|dns|tls|cluster|worker_threads)$',
      },
    },
    {
      name: 'application-no-adapters',
      comment:
        'application/ (use cases, ports, policies) imports no infrastructure/ or interface/ of any context: adapters implement its ports, entry points dispatch to it.',
      severity: 'error',
      from: { path: '(^|/)src/contexts/[^/]+/application/', pathNot: [TESTS] },
      to: { path: '(^|/)src/contexts/[^/]+/(infrastructure|interface)/' },
    },
    {
      name: 'interface-no-infrastructure',
      comment:
        "interface/ (controllers, consumers, crons) imports application/ and contracts/, never infrastructure/ (the wiring lives in the context's module file at its root).",
      severity: 'error',
      from: { path: '(^|/)src/contexts/[^/]+/interface/', pathNot: [TESTS] },
      to: { path: '(^|/)src/contexts/[^/]+/infrastructure/' },
    },
    {
      name: 'infrastructure-only-ports-and-domain',
      comment:
        "infrastructure/ (adapters) may import its context's application ports (application/ports/), the services shared by every use case (files at the root of application/, metrics) and domain; never interface/ nor a use case's folder.",
      severity: 'error',
      from: { path: '(^|/)src/contexts/([^/]+)/infrastructure/', pathNot: [TESTS] },
      to: {
        path: '(^|/)src/contexts/$2/(interface|application)/',
        pathNot: [
          '(^|/)src/contexts/$2/application/ports/',
          '(^|/)src/contexts/$2/application/[^/]+\\.ts$',
          '(^|/)src/contexts/$2/application/.+-metrics\\.ts$',
        ],
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
