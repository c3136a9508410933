import { Injectable } from '@nestjs/common';
import type { Counter, Histogram } from 'prom-client';
import { MetricsService } from '../../../platform/observability/metrics.service';
import { ENFORCEMENT_ACTIONS } from '../domain/account-state';

const TRIGGERS = ['schedule', 'api', 'event', 'cli'];
const DRY_RUN = ['true', 'false'];
const ACTION_OUTCOMES = ['none', 'held', 'applied', 'already_applied', 'dry_run', 'skipped', 'failed'];
const DISCORD_TARGETS = ['reports', 'errors'];

/** `regua_enforcement_*` and `regua_magnus_*` metrics. Labels hold enumerations only. */
@Injectable()
export class EnforcementMetrics {
  readonly runs: Counter<'outcome' | 'trigger' | 'dry_run'>;
  readonly runDuration: Histogram<'trigger'>;
  readonly actions: Counter<'action' | 'outcome' | 'dry_run'>;
  readonly breakerTrips: Counter<'trigger'>;
  readonly magnusRequests: Counter<'action' | 'outcome'>;
  readonly magnusRequestDuration: Histogram<'action'>;
  readonly discordPosts: Counter<'target' | 'outcome'>;
  readonly discordWebhookDisabled: Counter<'target'>;

  constructor(readonly metrics: MetricsService) {
    this.runs = metrics.counter(
      'regua_enforcement_runs_total',
      'Reconcile runs by outcome',
      ['outcome', 'trigger', 'dry_run'],
      { outcome: ['completed', 'held', 'failed'], trigger: TRIGGERS, dry_run: DRY_RUN },
    );
    this.runDuration = metrics.histogram(
      'regua_enforcement_run_duration_seconds',
      'Reconcile run duration, start to last action settled',
      ['trigger'],
      [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 900],
    );
    this.actions = metrics.counter(
      'regua_enforcement_actions_total',
      'Decided actions by action and how applying them ended',
      ['action', 'outcome', 'dry_run'],
      { action: ENFORCEMENT_ACTIONS, outcome: ACTION_OUTCOMES, dry_run: DRY_RUN },
    );
    this.breakerTrips = metrics.counter(
      'regua_enforcement_breaker_trips_total',
      'Runs held by the safety breaker',
      ['trigger'],
      { trigger: TRIGGERS },
    );
    this.magnusRequests = metrics.counter(
      'regua_magnus_requests_total',
      'MagnusBilling requests by outcome',
      ['action', 'outcome'],
      { action: ['user/read', 'user/save'], outcome: ['ok', 'error', 'retry'] },
    );
    this.magnusRequestDuration = metrics.histogram(
      'regua_magnus_request_duration_seconds',
      'MagnusBilling request duration',
      ['action'],
    );
    this.discordPosts = metrics.counter(
      'regua_enforcement_discord_posts_total',
      'Discord webhook posts of enforcement reports by outcome',
      ['target', 'outcome'],
      { target: DISCORD_TARGETS, outcome: ['sent', 'rejected', 'not_configured', 'webhook_disabled'] },
    );
    this.discordWebhookDisabled = metrics.counter(
      'regua_enforcement_discord_webhook_disabled_total',
      'Discord answered 10015 Unknown Webhook: posting to it stopped until its URL changes (alert on this)',
      ['target'],
      { target: DISCORD_TARGETS },
    );
  }
}
