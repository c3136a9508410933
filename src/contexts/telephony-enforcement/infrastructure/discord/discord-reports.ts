import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { OutboundHttpMetrics } from '../../../../platform/outbound-http';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { IntegrationSecrets } from '../../../../platform/access/integrations/integration-secrets';
import type { ActionSettledPayload, RunFinishedPayload } from '../../contracts/enforcement-events';
import { EnforcementMetrics } from '../../application/enforcement-metrics';
import { EnforcementState } from '../../application/enforcement-state';
import { EnforcementRunRepository } from '../../application/ports/enforcement-run.repository';
import { DiscordError, DiscordUnauthorizedError, DiscordUnknownWebhookError } from './discord-errors';
import { packEmbeds, type DiscordEmbed } from './discord-payloads';
import { DiscordWebhookClient } from './discord-webhook.client';
import { actionEmbed, runSummaryContent, runSummaryEmbed, type ActionReport } from './enforcement-embeds';

export type ReportItem =
  | { kind: 'action'; tenantId: string; payload: ActionSettledPayload }
  | { kind: 'run'; tenantId: string; payload: RunFinishedPayload };

type Target = 'reports' | 'errors';

interface Post {
  target: Target;
  embeds: DiscordEmbed[];
  content?: string;
}

/** Outcomes reported as something that happened (or, in a dry run, would have happened). */
const REPORTED_DONE = new Set(['applied', 'already_applied', 'dry_run']);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Turns settled actions and finished runs into Discord posts: one embed per action, packed up to
 * Discord's limits, then the run summary. Failures go to the tenant's error webhook when it has one.
 * Posting happens inside the consumer's transaction, which also marks the actions reported: if a post
 * fails transiently, the whole batch is retried later (a repeat post is possible, a lost one is not).
 */
@Injectable()
export class DiscordReports implements OnApplicationShutdown {
  private readonly logger = new Logger('EnforcementReports');
  private readonly client: DiscordWebhookClient;

  constructor(
    private readonly secrets: IntegrationSecrets,
    private readonly runs: EnforcementRunRepository,
    private readonly state: EnforcementState,
    private readonly metrics: EnforcementMetrics,
  ) {
    this.client = new DiscordWebhookClient({
      maxWaitMs: 5_000,
      outboundMetrics: OutboundHttpMetrics.in(this.metrics.metrics.registry),
      hooks: {
        onRequest: (e) => {
          if (e.outcome === 'rate_limited')
            this.metrics.discordPosts.inc({ target: 'any', outcome: 'rate_limited' });
        },
      },
    });
  }

  async report(items: ReportItem[], tx: EntityManager): Promise<void> {
    const byTenant = new Map<string, ReportItem[]>();
    for (const item of items) byTenant.set(item.tenantId, [...(byTenant.get(item.tenantId) ?? []), item]);
    for (const [tenantId, tenantItems] of byTenant) await this.reportTenant(tenantId, tenantItems, tx);
  }

  private async reportTenant(tenantId: string, items: ReportItem[], tx: EntityManager): Promise<void> {
    const settings = await this.state.settings(tenantId, tx);
    const posts: Post[] = [];
    const reported: string[] = [];
    let actionEmbeds: Post = { target: 'reports', embeds: [] };
    let failureEmbeds: Post = { target: 'errors', embeds: [] };
    const flushActions = () => {
      if (actionEmbeds.embeds.length > 0) posts.push(actionEmbeds);
      if (failureEmbeds.embeds.length > 0) posts.push(failureEmbeds);
      actionEmbeds = { target: 'reports', embeds: [] };
      failureEmbeds = { target: 'errors', embeds: [] };
    };
    for (const item of items) {
      if (item.kind === 'action') {
        const p = item.payload;
        if (p.outcome === 'failed') failureEmbeds.embeds.push(actionEmbed(toReport(p)));
        else if (REPORTED_DONE.has(p.outcome)) actionEmbeds.embeds.push(actionEmbed(toReport(p)));
        else continue;
        reported.push(p.actionId);
        continue;
      }
      // A run summary comes after the actions that arrived before it.
      flushActions();
      const run = item.payload;
      // The fast path runs on every contract change: a recheck that found nothing to do is not news.
      if (run.trigger === 'event' && run.status === 'completed' && run.counts.no_change === run.accounts)
        continue;
      if (settings.reportNoChange && run.status !== 'failed') {
        const unchanged = await this.runs.noChangeActions(tx, run.runId);
        posts.push({
          target: 'reports',
          embeds: unchanged.map((a) =>
            actionEmbed({
              runId: run.runId,
              action: 'no_change',
              username: a.username,
              company: a.company,
              contractId: a.contractId,
              from: a.from,
              to: a.to,
              fromValue: a.fromValue,
              toValue: a.toValue,
              reason: `${a.reason}: ${a.detail}`,
              outcome: run.dryRun ? 'dry_run' : 'skipped',
              dryRun: run.dryRun,
              at: new Date().toISOString(),
            }),
          ),
        });
        reported.push(...unchanged.map((a) => a.id));
      }
      const summary = {
        runId: run.runId,
        trigger: run.trigger,
        dryRun: run.dryRun,
        status: run.status,
        accounts: run.accounts,
        counts: run.counts,
        ...figuresOf(run),
        failed: run.failed,
        durationMs: run.durationMs,
        heldReason: run.heldReason ?? undefined,
        errors: run.error ? [run.error] : undefined,
      };
      const post: Post = {
        target: 'reports',
        embeds: [runSummaryEmbed(summary)],
        content: runSummaryContent(summary),
      };
      posts.push(post);
      // Held and failed runs need a human: the error channel hears about them too.
      if (run.status !== 'completed') posts.push({ ...post, target: 'errors' });
    }
    flushActions();
    await this.send(tenantId, posts, tx);
    await this.runs.markReported(tx, reported);
  }

  private async send(tenantId: string, posts: Post[], tx: EntityManager): Promise<void> {
    if (posts.length === 0) return;
    const reportsUrl = await this.secrets.get(tenantId, 'discord', 'webhookUrl', tx);
    const errorsUrl = await this.secrets.get(tenantId, 'discord', 'errorWebhookUrl', tx);
    const [row] = (await tx.query(
      `SELECT disabled_webhooks FROM telephony_enforcement.tenant_state WHERE tenant_id = $1`,
      [tenantId],
    )) as Array<{ disabled_webhooks: string[] }>;
    const disabled = new Set(row?.disabled_webhooks ?? []);
    const sent = new Set<string>();
    for (const post of posts) {
      const url = post.target === 'errors' ? (errorsUrl ?? reportsUrl) : reportsUrl;
      if (!url) {
        this.metrics.discordPosts.inc({ target: post.target, outcome: 'not_configured' });
        continue;
      }
      // Without an error webhook, the copy of a held/failed summary would land twice in one channel.
      const key = `${sha256(url)}:${post.content ?? ''}:${JSON.stringify(post.embeds)}`;
      if (sent.has(key)) continue;
      sent.add(key);
      if (disabled.has(sha256(url))) {
        this.metrics.discordPosts.inc({ target: post.target, outcome: 'webhook_disabled' });
        continue;
      }
      try {
        for (const payload of packEmbeds(post.embeds, { content: post.content, username: 'Régua' })) {
          await this.client.execute(url, payload);
          this.metrics.discordPosts.inc({ target: post.target, outcome: 'sent' });
        }
      } catch (error) {
        if (!(error instanceof DiscordError) || error.transient) throw error;
        this.metrics.discordPosts.inc({ target: post.target, outcome: 'rejected' });
        if (error instanceof DiscordUnknownWebhookError || error instanceof DiscordUnauthorizedError) {
          disabled.add(sha256(url));
          await this.disableWebhook(tx, tenantId, sha256(url));
          this.metrics.discordWebhookDisabled.inc({ target: post.target });
          this.logger.error(
            { tenantId, target: post.target, code: error.code },
            'Discord webhook no longer exists: reports to it stop until its URL is changed',
          );
        } else {
          this.logger.error({ tenantId, err: error }, 'Discord refused an enforcement report; dropped');
        }
      }
    }
  }

  private async disableWebhook(tx: EntityManager, tenantId: string, hash: string): Promise<void> {
    await tx.query(
      `INSERT INTO telephony_enforcement.tenant_state (tenant_id, disabled_webhooks) VALUES ($1, ARRAY[$2])
       ON CONFLICT (tenant_id) DO UPDATE
         SET disabled_webhooks = array_append(tenant_state.disabled_webhooks, $2), updated_at = now()
       WHERE NOT $2 = ANY(tenant_state.disabled_webhooks)`,
      [tenantId, hash],
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/**
 * Messages published before the figures were split (still queued after an upgrade) counted a dry run's
 * simulated actions as applied: read them the way they are meant.
 */
function figuresOf(run: RunFinishedPayload) {
  const split: Partial<Pick<RunFinishedPayload, 'planned' | 'simulated' | 'skipped'>> = run;
  const decided = Object.entries(run.counts).reduce((n, [a, c]) => (a === 'no_change' ? n : n + c), 0);
  return {
    planned: split.planned ?? decided,
    applied: run.dryRun ? 0 : run.applied,
    simulated: split.simulated ?? (run.dryRun ? run.applied : 0),
    skipped: split.skipped ?? 0,
  };
}

function toReport(p: ActionSettledPayload): ActionReport {
  return {
    runId: p.runId,
    action: p.action,
    username: p.username,
    company: p.company,
    contractId: p.contractId,
    from: p.from,
    to: p.to,
    fromValue: p.fromValue,
    toValue: p.toValue,
    reason: p.reason,
    outcome: p.outcome,
    error: p.error ?? undefined,
    dryRun: p.dryRun,
    at: p.at,
  };
}
