import { parse } from 'yaml';
import {
  alertRules,
  ALERTS_PATH,
  dashboardExprs,
  exposedTypes,
  familyOf,
  metricNamesOf,
  readRepoFile,
  RUNBOOK_PATH,
} from '../../../test/support/monitoring-files';
import { startTestApp, type TestApp } from '../../../test/support/test-app';

/** Series scraped from other targets than Régua's own processes. */
const FOREIGN = (name: string) => name === 'up' || name.startsWith('rabbitmq_');

function samplesOf(exposition: string, family: string): number[] {
  const escaped = family.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...exposition.matchAll(new RegExp(`^${escaped}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].map((m) =>
    Number(m[1]),
  );
}

/** What the shipped Grafana dashboard and Prometheus rules read, against a freshly started app. */
describe('monitoring contract: dashboard and alert rules vs. a fresh app', () => {
  let t: TestApp;
  let exposition: string;
  let types: Map<string, string>;

  beforeAll(async () => {
    t = await startTestApp({ env: { REGUA_MODE: 'demo' } });
    exposition = await (await fetch(`${t.url}/metrics`)).text();
    types = exposedTypes(exposition);
  });
  afterAll(async () => {
    await t?.close();
  });

  const dashboardMetrics = () => [
    ...new Set(dashboardExprs().flatMap(({ expr }) => metricNamesOf(expr).filter((name) => !FOREIGN(name)))),
  ];

  it('exposes every metric of the dashboard, and every counter with zero-valued series from the start', () => {
    const families = dashboardMetrics().map((name) => familyOf(name, types));
    expect(families.length).toBeGreaterThan(20);
    expect(families.filter((family) => !types.has(family))).toEqual([]);
    const counters = families.filter((family) => types.get(family) === 'counter');
    expect(counters).toEqual(
      expect.arrayContaining([
        'regua_enforcement_breaker_trips_total',
        'regua_notifications_channel_paused_total',
      ]),
    );
    const withoutSeries = counters.filter((family) => samplesOf(exposition, family).length === 0);
    expect(withoutSeries).toEqual([]);
    const withoutZero = counters
      .filter((family) => family.startsWith('regua_'))
      .filter((family) => !samplesOf(exposition, family).includes(0));
    expect(withoutZero).toEqual([]);
  });

  it('starts every regua_* counter, on the dashboard or not, with zero-valued series', () => {
    // label values learnt only at run time (the event class that failed) cannot be known beforehand
    const learntLater = new Set(['regua_cqrs_unhandled_errors_total']);
    const counters = [...types]
      .filter(([family, type]) => type === 'counter' && family.startsWith('regua_'))
      .map(([family]) => family)
      .filter((family) => !learntLater.has(family));
    expect(counters.length).toBeGreaterThan(30);
    expect(counters.filter((family) => !samplesOf(exposition, family).includes(0))).toEqual([]);
  });

  it('filters every query of every panel by the $role variable', () => {
    const unfiltered = dashboardExprs().flatMap(({ panel, expr }) =>
      metricNamesOf(expr).flatMap((name) =>
        [...expr.matchAll(new RegExp(`(?<![\\w:])${name}(?![\\w:])(\\{[^}]*\\})?`, 'g'))]
          .filter((m) => !(m[1] ?? '').includes('role=~"$role"'))
          .map(() => `${panel}: ${name}`),
      ),
    );
    expect(unfiltered).toEqual([]);
  });

  it('ships the alert rules operators need, each with a summary and a runbook section', () => {
    const rules = alertRules();
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining([
        'ReguaTargetDown',
        'ReguaHttp5xxRatioHigh',
        'ReguaEnforcementBreakerTripped',
        'ReguaEnforcementRunFailed',
        'ReguaIxcSyncFailed',
        'ReguaJobNotRunOnSchedule',
        'ReguaChannelPaused',
        'ReguaDeadLettersWaiting',
        'ReguaOutboxLagging',
      ]),
    );
    const sections = new Set(
      [...readRepoFile(RUNBOOK_PATH).matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase()),
    );
    for (const rule of rules) {
      expect({ alert: rule.alert, summary: typeof rule.annotations?.summary }).toEqual({
        alert: rule.alert,
        summary: 'string',
      });
      expect(rule.annotations?.runbook).toBe(`${RUNBOOK_PATH}#${rule.alert.toLowerCase()}`);
      expect(sections).toContain(rule.alert.toLowerCase());
      expect(['warning', 'critical']).toContain(rule.labels?.severity);
    }
  });

  it('alerts only on metrics the app exposes', () => {
    const unknown = alertRules().flatMap((rule) =>
      metricNamesOf(rule.expr)
        .filter((name) => !FOREIGN(name) && !types.has(familyOf(name, types)))
        .map((name) => `${rule.alert}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('has the compose Prometheus load the rules', () => {
    const config = parse(readRepoFile('docker/prometheus/prometheus.yml')) as { rule_files?: string[] };
    expect(config.rule_files).toEqual(['alerts.yml']); // resolved next to prometheus.yml
    const compose = parse(readRepoFile('docker-compose.yml')) as {
      services: { prometheus: { volumes: string[] } };
    };
    expect(compose.services.prometheus.volumes).toContain(`./${ALERTS_PATH}:/etc/prometheus/alerts.yml:ro`);
  });

  it('leaves scrapes and probes out of the HTTP metrics, so they do not dilute the 5xx ratio', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/v1/auth/me']) await fetch(`${t.url}${path}`);
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/auth\/me",status="401"\} 1/,
    );
    expect(text).not.toMatch(/http_request_duration_seconds_count\{[^}]*route="\/(healthz|readyz|metrics)"/);
  });

  it('names the process role of regua_build_info regua_role, clear of the scrape target label role', () => {
    expect(exposition).toMatch(/^regua_build_info\{[^}]*regua_role="all"[^}]*\} 1$/m);
    expect(exposition).not.toMatch(/^regua_build_info\{(?:[^}]*,)?role=/m);
  });
});
