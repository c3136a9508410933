import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * STYLE.md: no fixed sleeps and no timing assertions in tests (poll with test/support/eventually.ts, or use
 * Jest fake timers: test/support/fake-clock.ts), and no test whose only expectation is `toBeDefined()`.
 * Regexes over the source, line by line: simple enough to trust, strict enough to catch the usual forms.
 */
const ROOT = join(__dirname, '..', '..');
const SPEC = /\.(spec|int-spec|e2e-spec)\.ts$/;
const SELF = 'test/architecture/test-hygiene.spec.ts';

type Rule = 'fixed-sleep' | 'timing-assertion' | 'defined-only';

/** Matched against the whole file (comments blanked), so a statement may span lines. */
const RULES: Array<{ rule: Rule; pattern: RegExp }> = [
  // await new Promise((resolve) => setTimeout(resolve, 500)), realSetTimeout(r, 50), …
  { rule: 'fixed-sleep', pattern: /setTimeout\(\s*(resolve|res|r|done|next)\s*,/i },
  // new Promise((resolve, reject) => setTimeout(() => { …; resolve(); }, ms))
  { rule: 'fixed-sleep', pattern: /new Promise\b[^;]*?=>\s*\{?\s*setTimeout\(\s*\(\)\s*=>/ },
  // sleep(200), delay(1000), pause(50): any helper of that name
  { rule: 'fixed-sleep', pattern: /(?<![.\w])(sleep|delay|pause)\(/ },
  { rule: 'fixed-sleep', pattern: /from ['"](node:)?timers\/promises['"]/ },
  // aborting "after a while" instead of at an observed point
  { rule: 'fixed-sleep', pattern: /\bsetTimeout\(\s*\(\)\s*=>\s*[\w.]+\.abort\(\)/ },
  // expect(Date.now() - started).toBeLessThan(2000), expect(performance.now() - t0)…, expect(elapsed)…
  { rule: 'timing-assertion', pattern: /\bexpect\([^;]*\b(Date|performance)\.now\(\)\s*-/ },
  {
    rule: 'timing-assertion',
    pattern:
      /\bexpect\([^;]*\b(elapsed\w*|\w*[dD]uration\w*|timings?)\b[^;]*\)\.(not\.)?toBe(Less|Greater)Than/,
  },
];

/** What may stay, and why. Each entry must still match something (stale entries fail too). */
const ALLOWED: Array<{ file: string; rule: Rule; reason: string }> = [
  {
    file: 'test/support/eventually.ts',
    rule: 'fixed-sleep',
    reason: 'the polling interval of eventually() itself',
  },
  {
    file: 'test/support/rabbitmq-admin.ts',
    rule: 'fixed-sleep',
    reason: 'fault injection: how long the broker stays down during a restart',
  },
];

export interface Offence {
  file: string;
  line: number;
  rule: Rule;
  text: string;
}

/** Blank out comments so a sentence about setTimeout is not a sleep. */
function codeOf(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) return '';
  return line.replace(/\s\/\/\s.*$/, '');
}

const TEST_START = /^\s*(it|test)(\.each\([\s\S]*?\))?(\.only)?\(/;
const BLOCK_START = /^\s*(it|test|describe)(\.each\([\s\S]*?\))?(\.only)?\(|^\s*(before|after)(All|Each)\(/;

/** Tests (from their `it(` line to the next test, describe or hook) whose every expect is toBeDefined/toBeTruthy. */
function definedOnlyTests(file: string, lines: string[]): Offence[] {
  const offences: Offence[] = [];
  for (let start = 0; start < lines.length; start++) {
    if (!TEST_START.test(lines[start]!)) continue;
    let end = start + 1;
    while (end < lines.length && !BLOCK_START.test(lines[end]!)) end++;
    const body = lines.slice(start, end).map(codeOf).join('\n');
    const expectations = body.split(/\bexpect\(/).slice(1);
    const weak = expectations.filter((rest) => /^[^;]*?\)\.(toBeDefined|toBeTruthy)\(\)/.test(rest));
    if (expectations.length > 0 && weak.length === expectations.length) {
      offences.push({ file, line: start + 1, rule: 'defined-only', text: lines[start]!.trim() });
    }
  }
  return offences;
}

/**
 * A clock reading kept in a variable, then asserted: `const restoreSeconds = (performance.now() - t0) / 1000;
 * … expect(restoreSeconds).toBeLessThan(10)`. Values computed from inputs (a parsed Retry-After) are not
 * clock readings and pass.
 */
function measuredThenAsserted(file: string, lines: string[], code: string): Offence[] {
  const measured = [
    ...code.matchAll(/\b(?:const|let)\s+(\w+)\s*=[^;]*\b(?:Date|performance)\.now\(\)\s*-[^;]*;/g),
  ].map((m) => m[1]!);
  return measured.flatMap((name) =>
    [
      ...code.matchAll(new RegExp(`\\bexpect\\(\\s*${name}\\s*\\)\\.(not\\.)?toBe(Less|Greater)Than`, 'g')),
    ].map((match) => {
      const line = code.slice(0, match.index).split('\n').length;
      return { file, line, rule: 'timing-assertion' as const, text: lines[line - 1]!.trim() };
    }),
  );
}

export function offencesIn(file: string, source: string): Offence[] {
  const lines = source.split('\n');
  const code = lines.map(codeOf).join('\n');
  const offences: Offence[] = [];
  for (const { rule, pattern } of RULES) {
    for (const match of code.matchAll(new RegExp(pattern.source, `${pattern.flags}g`))) {
      const line = code.slice(0, match.index).split('\n').length;
      offences.push({ file, line, rule, text: lines[line - 1]!.trim() });
    }
  }
  return [...offences, ...measuredThenAsserted(file, lines, code), ...definedOnlyTests(file, lines)].sort(
    (a, b) => a.line - b.line,
  );
}

function walk(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      return entry.name === 'node_modules' || path === 'test/architecture/fixtures' ? [] : walk(path, keep);
    }
    return keep(path) ? [path] : [];
  });
}

/** Every spec, and the support helpers specs call (a sleep hidden in a helper is still a sleep). */
function scannedFiles(): string[] {
  const specs = ['src', 'test', 'bench'].flatMap((dir) => walk(dir, (path) => SPEC.test(path)));
  const support = walk('test/support', (path) => path.endsWith('.ts') && !SPEC.test(path));
  return [...specs, ...support].filter((path) => path !== SELF).sort();
}

const report = (offences: Offence[]) =>
  offences.map((o) => `${o.file}:${o.line} [${o.rule}] ${o.text}`).join('\n');

describe('test hygiene (no fixed sleeps, no timing assertions, no toBeDefined-only tests)', () => {
  const found = scannedFiles().flatMap((file) => offencesIn(file, readFileSync(join(ROOT, file), 'utf8')));
  const allowed = (o: Offence) => ALLOWED.some((a) => a.file === o.file && a.rule === o.rule);

  it('finds none in the spec files and test helpers, beyond the allow-list', () => {
    // printed as file:line [rule] source, so the failure says where to look
    expect(report(found.filter((o) => !allowed(o)))).toBe('');
  });

  it('keeps no stale allow-list entry', () => {
    const unused = ALLOWED.filter((a) => !found.some((o) => o.file === a.file && o.rule === a.rule));
    expect(unused).toEqual([]);
  });

  it('scans the suite: specs of every tier and the support helpers', () => {
    const files = scannedFiles();
    expect(files).toEqual(
      expect.arrayContaining([
        'src/shared/cache/ttl-cache.spec.ts',
        'src/platform/scheduling/job-runner.int-spec.ts',
        'test/e2e/notification-workers.e2e-spec.ts',
        'test/support/eventually.ts',
      ]),
    );
    expect(files.some((file) => file.startsWith('test/architecture/fixtures/'))).toBe(false);
  });

  describe('the detectors', () => {
    const rulesOf = (source: string) => offencesIn('x.spec.ts', source).map((o) => `${o.line} ${o.rule}`);

    it('flag fixed sleeps in their usual forms', () => {
      expect(
        rulesOf(
          [
            'await new Promise((resolve) => setTimeout(resolve, 60));',
            'await sleep(500);',
            "import { setTimeout as wait } from 'node:timers/promises';",
            'setTimeout(() => controller.abort(), 100);',
            'await new Promise((r) => setTimeout(r, 10));',
            'await new Promise<void>((resolve) =>',
            '  setTimeout(() => {',
            '    resolve();',
            '  }, downMs),',
            ');',
          ].join('\n'),
        ),
      ).toEqual([
        '1 fixed-sleep',
        '2 fixed-sleep',
        '3 fixed-sleep',
        '4 fixed-sleep',
        '5 fixed-sleep',
        '6 fixed-sleep',
      ]);
    });

    it('flag assertions on elapsed time', () => {
      expect(
        rulesOf(
          [
            'expect(Date.now() - started).toBeLessThan(2_000);',
            'expect(performance.now() - started).toBeGreaterThanOrEqual(198);',
            'expect(elapsed).toBeLessThan(4_000);',
            'expect(events[0].durationMs).toBeGreaterThanOrEqual(290);',
            'expect(Math.max(...timings)).toBeLessThan(2_500);',
            'const restoreSeconds = (performance.now() - started) / 1000;',
            'expect(restoreSeconds).toBeLessThan(10);',
          ].join('\n'),
        ),
      ).toEqual([
        '1 timing-assertion',
        '2 timing-assertion',
        '3 timing-assertion',
        '4 timing-assertion',
        '5 timing-assertion',
        '7 timing-assertion',
      ]);
    });

    it('flag a test whose only expectations are toBeDefined/toBeTruthy, not one that asserts more', () => {
      const source = [
        "it('weak', () => {",
        '  expect(app.get(Tenants)).toBeDefined();',
        '  expect(secret).toBeTruthy();',
        '});',
        "it('strong', () => {",
        '  expect(sender?.lookup).toBeDefined();',
        "  expect(sender?.provider).toBe('sendgrid');",
        '});',
      ].join('\n');
      expect(rulesOf(source)).toEqual(['1 defined-only']);
    });

    it('leave alone simulated latency, fake timers, eventually() and comments', () => {
      expect(
        rulesOf(
          [
            'setTimeout(() => message(res, "late"), 150); // the fake server answers late',
            'jest.advanceTimersByTime(50);',
            "await eventually(() => seen.length === 1, { timeoutMs: 5000, description: 'arrival' });",
            '// we never sleep(500) here',
            'expect(waitMs).toBeLessThan(1400);',
            'const tick = () => new Promise((resolve) => setImmediate(resolve));',
            'await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));',
          ].join('\n'),
        ),
      ).toEqual([]);
    });
  });
});
