import { CommandBus } from '@nestjs/cqrs';
import { DemoEnvironment } from '../../../../platform/demo/demo-environment';
import { SimulatorControl } from '../../../../simulators';
import { DunningSlice } from '../../../../../test/support/dunning-slice';
import { WhatsappPause } from '../whatsapp/whatsapp-pause';
import { ProbePausedChannelsCommand } from './probe-paused-channels.command';

/**
 * Slice (real Postgres, the demo Evolution simulator): the probe that ends a WhatsApp pause by itself —
 * without it nothing would, as no WhatsApp message is queued while the channel is paused.
 */
describe('ProbePausedChannels (slice)', () => {
  const slice = new DunningSlice();
  let evolution: SimulatorControl;

  beforeAll(async () => {
    await slice.start();
    evolution = new SimulatorControl(slice.t.app.get(DemoEnvironment).controlUrlOf('evolution'));
  });
  afterAll(async () => {
    await evolution?.modify({ action: 'setInstanceState', instance: 'regua', state: 'open' });
    await slice.stop();
  });

  const whatsappPause = () => slice.t.app.get(WhatsappPause);
  const probe = () => slice.t.app.get(CommandBus).execute(new ProbePausedChannelsCommand());
  const pauseDemo = (reason: string) =>
    slice.db.transaction((tx) => whatsappPause().pause(tx, slice.tenantId, reason));
  const metric = async (pattern: RegExp) =>
    Number(pattern.exec(await (await fetch(`${slice.t.url}/metrics`)).text())?.[1]);

  it('keeps the pause while the instance is not open, and lifts it once it is', async () => {
    await evolution.modify({ action: 'setInstanceState', instance: 'regua', state: 'close' });
    await pauseDemo('instance regua is close');

    expect(await probe()).toEqual({ probed: 1, resumed: 0 });
    expect(await whatsappPause().state(slice.tenantId)).toMatchObject({ reason: 'instance regua is close' });
    expect(await metric(/regua_notifications_channels_paused\{channel="whatsapp"\} (\d+)/)).toBe(1);

    await evolution.modify({ action: 'setInstanceState', instance: 'regua', state: 'open' });
    expect(await probe()).toEqual({ probed: 1, resumed: 1 });
    expect(await whatsappPause().state(slice.tenantId)).toBeNull();
    expect(await metric(/regua_notifications_channels_paused\{channel="whatsapp"\} (\d+)/)).toBe(0);
    expect(
      await metric(/regua_notifications_channel_resumed_total\{channel="whatsapp",by="probe"\} (\d+)/),
    ).toBe(1);

    // nothing paused: nothing asked
    expect(await probe()).toEqual({ probed: 0, resumed: 0 });
  });

  it('keeps the pause when Evolution cannot answer (5xx), and does not fail the probe', async () => {
    await pauseDemo('instance regua is connecting');
    await evolution.setFaults({ error: { status: 502, body: 'Bad Gateway' } });
    try {
      expect(await probe()).toEqual({ probed: 1, resumed: 0 });
      expect(await whatsappPause().state(slice.tenantId)).toMatchObject({
        reason: 'instance regua is connecting',
      });
    } finally {
      await evolution.clearFaults();
    }
    expect(await probe()).toEqual({ probed: 1, resumed: 1 });
  });
});
