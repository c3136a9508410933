import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

function cruise(target: string): Violation[] {
  const out = execFileSync(
    join(ROOT, 'node_modules', '.bin', 'depcruise'),
    [target, '--config', '.dependency-cruiser.js', '--output-type', 'json'],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

const short = (path: string): string => path.replace(/^.*fixtures\/src\//, '');

describe('architecture rules (dependency-cruiser, the same config CI runs)', () => {
  const violations = cruise('test/architecture/fixtures/src').map((v) => ({
    rule: v.rule.name,
    from: short(v.from),
    to: short(v.to),
  }));

  it('fails when a context imports another context’s internals', () => {
    expect(violations).toContainEqual({
      rule: 'context-internals',
      from: 'contexts/dunning/application/forbidden.handler.ts',
      to: 'contexts/billing/domain/invoice.aggregate.ts',
    });
  });

  it('fails when the shared kernel imports a context', () => {
    expect(violations).toContainEqual({
      rule: 'shared-imports-no-context',
      from: 'shared/kernel.ts',
      to: 'contexts/billing/contracts/invoice-paid.event.ts',
    });
  });

  it('fails when product code imports a simulator', () => {
    expect(violations).toContainEqual({
      rule: 'simulators-only-from-demo-wiring',
      from: 'contexts/billing/domain/uses-simulator.ts',
      to: 'simulators/fake/fake.simulator.ts',
    });
  });

  it('fails when a domain imports anything but src/shared and its own domain', () => {
    expect(violations).toContainEqual({
      rule: 'domain-is-pure',
      from: 'contexts/billing/domain/uses-application.ts',
      to: 'contexts/billing/application/ports/invoice.repository.ts',
    });
    expect(violations).toContainEqual({
      rule: 'domain-is-pure',
      from: 'contexts/billing/domain/uses-simulator.ts',
      to: 'simulators/fake/fake.simulator.ts',
    });
  });

  it('fails when a domain imports an I/O package', () => {
    expect(violations).toContainEqual({
      rule: 'domain-no-io-packages',
      from: 'contexts/billing/domain/uses-io.ts',
      to: 'fs',
    });
  });

  it('fails when the application layer imports an adapter', () => {
    expect(violations).toContainEqual({
      rule: 'application-no-adapters',
      from: 'contexts/billing/application/uses-adapter.ts',
      to: 'contexts/billing/infrastructure/typeorm-invoice.repository.ts',
    });
  });

  it('fails when an entry point (interface/) imports an adapter', () => {
    expect(violations).toContainEqual({
      rule: 'interface-no-infrastructure',
      from: 'contexts/billing/interface/uses-adapter.controller.ts',
      to: 'contexts/billing/infrastructure/typeorm-invoice.repository.ts',
    });
  });

  it('fails when an adapter imports a use case instead of a port', () => {
    expect(violations).toContainEqual({
      rule: 'infrastructure-only-ports-and-domain',
      from: 'contexts/billing/infrastructure/uses-use-case.ts',
      to: 'contexts/billing/application/charge/charge.handler.ts',
    });
  });

  it('allows contracts imports, the demo wiring, ports, the module wiring and slice tests — and flags nothing else', () => {
    expect(violations).toHaveLength(9);
  });

  it('holds on the real source tree', () => {
    expect(cruise('src')).toEqual([]);
  });
});
