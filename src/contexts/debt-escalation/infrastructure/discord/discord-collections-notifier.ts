import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { IntegrationSecrets } from '../../../../platform/access/integrations/integration-secrets';
import { OutboundHttp, type HttpAnswer } from '../../../../platform/outbound-http';
import { EscalationMetrics } from '../../application/escalation-metrics';
import { CollectionsNotifier, type CaseAlert } from '../../application/ports/case-alerts';

const brl = (cents: number) => (cents / 100).toLocaleString('pt-BR', { style: 'currency', currency: 'BRL' });
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** One embed per batch, a field per case (Discord: ≤ 25 fields, names ≤ 256, values ≤ 1024). */
export function collectionsEmbed(alerts: CaseAlert[]) {
  const total = alerts.reduce((sum, a) => sum + a.summary.openCents, 0);
  return {
    content: clip(`${alerts.length} novo(s) caso(s) de cobrança — ${brl(total)} em aberto`, 2000),
    embeds: [
      {
        title: 'Dívidas escalonadas para a cobrança',
        color: 0xe67e22,
        fields: alerts.slice(0, 25).map((a) => ({
          name: clip(a.summary.debtor, 256),
          value: clip(
            `${brl(a.summary.openCents)} · vencido desde ${a.summary.oldestDueDate}` +
              `${a.summary.contractId ? ` · contrato ${a.summary.contractId}` : ''} · caso ${a.caseId}`,
            1024,
          ),
        })),
        timestamp: new Date().toISOString(),
      },
    ],
  };
}

function delivered(answer: HttpAnswer): void {
  if (answer.status >= 200 && answer.status < 300) return;
  const body = answer.json as { message?: unknown } | undefined;
  throw new Error(
    `Discord answered ${answer.status}${typeof body?.message === 'string' ? `: ${body.message}` : ''}`,
  );
}

/**
 * The collections team's Discord: the `discord` integration's `collectionsWebhookUrl` secret, else its
 * `webhookUrl`. A 429 is retried after Discord's `Retry-After` (the platform stack reads it).
 */
@Injectable()
export class DiscordCollectionsNotifier extends CollectionsNotifier implements OnApplicationShutdown {
  private readonly http: OutboundHttp;

  constructor(
    private readonly secrets: IntegrationSecrets,
    metrics: EscalationMetrics,
  ) {
    super();
    this.http = new OutboundHttp({
      integration: 'discord',
      timeoutMs: 10_000,
      concurrency: 2,
      retry: { maxAttempts: 3, retryOn: ({ answer }) => (answer?.status === 429 ? true : undefined) },
      metrics: metrics.outbound,
    });
  }

  onApplicationShutdown(): Promise<void> {
    return this.http.close();
  }

  async configured(tenantId: string): Promise<boolean> {
    return (await this.webhookOf(tenantId)) !== undefined;
  }

  async notify(tenantId: string, alerts: CaseAlert[]): Promise<void> {
    const url = await this.webhookOf(tenantId);
    if (!url) throw new Error('no Discord webhook for the collections team');
    const target = new URL(url);
    target.searchParams.set('wait', 'true');
    try {
      await this.http.call(
        {
          method: 'POST',
          url: target.toString(),
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(collectionsEmbed(alerts)),
        },
        { read: delivered },
      );
    } catch (error) {
      // The webhook's token is in its path: never let the URL reach a log.
      const message =
        error instanceof Error ? error.message.split(target.pathname).join('/…') : String(error);
      throw new Error(`Discord alert not delivered: ${message}`);
    }
  }

  private async webhookOf(tenantId: string): Promise<string | undefined> {
    return (
      (await this.secrets.get(tenantId, 'discord', 'collectionsWebhookUrl')) ??
      (await this.secrets.get(tenantId, 'discord', 'webhookUrl'))
    );
  }
}
