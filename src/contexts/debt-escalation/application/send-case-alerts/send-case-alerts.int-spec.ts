import { ConfigureIntegration } from '../../../../platform/access/integrations/configure-integration';
import { OutboundUrlPolicy } from '../../../../platform/access/outbound/outbound-url-policy';
import {
  discordSeededWebhookPaths,
  SimulatorControl,
  startSimulators,
  type DiscordData,
  type SimulatorHost,
} from '../../../../simulators';
import { startEscalationSlice, type EscalationSlice } from '../escalation-slice.test-helper';
import { SendCaseAlertsCommand } from './send-case-alerts.command';

describe('SendCaseAlertsCommand (slice, Discord simulator)', () => {
  let s: EscalationSlice;
  let host: SimulatorHost;
  let discord: SimulatorControl;
  let webhookPath: string;

  beforeAll(async () => {
    host = await startSimulators(['discord'], { seed: 5 });
    discord = new SimulatorControl(host.controlUrlOf('discord'));
    s = await startEscalationSlice('case-alerts');
    s.t.app.get(OutboundUrlPolicy).trust(host.urlOf('discord'));
    webhookPath = discordSeededWebhookPaths(5)[1]!.path;
    await s.t.app.get(ConfigureIntegration).execute(s.tenantId, 'discord', {
      secrets: { collectionsWebhookUrl: `${host.urlOf('discord')}${webhookPath}` },
    });
  });
  afterAll(async () => {
    await s?.t.close();
    await host?.stop();
  });

  const send = () => s.commands.execute(new SendCaseAlertsCommand(s.tenantId));
  const messages = async () =>
    (await discord.data<DiscordData>()).webhooks.flatMap((w) =>
      w.path === webhookPath ? (w.messages as Array<{ embeds?: Array<{ fields?: unknown[] }> }>) : [],
    );

  it('posts new cases ten per message, once', async () => {
    await s.escalate(
      Array.from({ length: 12 }, (_, i) =>
        s.debt({ debtId: `d${i}`, debtorId: `c${i}`, contractId: `k${i}` }),
      ),
    );
    expect(await send()).toEqual({ sent: 12, failed: 0 });
    expect((await messages()).map((m) => m.embeds![0]!.fields!.length)).toEqual([10, 2]);
    expect(await send()).toEqual({ sent: 0, failed: 0 });
  });

  it('keeps a batch Discord did not take, and sends it on the next run', async () => {
    await s.escalate([s.debt({ debtId: 'late', debtorId: 'c-late', contractId: 'late' })]);
    await discord.setFaults({ error: { status: 500, body: { message: 'boom', code: 0 } }, times: 3 });
    expect(await send()).toEqual({ sent: 0, failed: 1 });
    await discord.clearFaults();
    expect(await send()).toEqual({ sent: 1, failed: 0 });
    expect(await messages()).toHaveLength(3);
  });
});
