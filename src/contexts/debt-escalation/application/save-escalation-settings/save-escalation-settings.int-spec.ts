import { GetEscalationSettingsQuery } from '../get-escalation-settings/get-escalation-settings.query';
import { startEscalationSlice, type EscalationSlice } from '../escalation-slice.test-helper';
import { SaveEscalationSettingsCommand } from './save-escalation-settings.command';

describe('SaveEscalationSettingsCommand / GetEscalationSettingsQuery (slice)', () => {
  let s: EscalationSlice;
  beforeAll(async () => {
    s = await startEscalationSlice('escalation-settings');
  });
  afterAll(() => s?.t.close());

  it('starts from the defaults, keeps what is left out, refuses invalid settings', async () => {
    const get = () => s.queries.execute(new GetEscalationSettingsQuery(s.tenantId));
    expect(await get()).toEqual({
      thresholdDays: 90,
      minAmountCents: 0,
      sources: ['ixc', 'clinic'],
      alertDiscord: true,
    });
    await s.commands.execute(
      new SaveEscalationSettingsCommand(s.tenantId, { thresholdDays: 120, sources: ['ixc'] }),
    );
    expect(await get()).toEqual({
      thresholdDays: 120,
      minAmountCents: 0,
      sources: ['ixc'],
      alertDiscord: true,
    });
    await expect(
      s.commands.execute(new SaveEscalationSettingsCommand(s.tenantId, { thresholdDays: 0 })),
    ).rejects.toMatchObject({ code: 'DEBT_ESCALATION.INVALID_SETTINGS' });
    expect((await get()).thresholdDays).toBe(120);
  });
});
