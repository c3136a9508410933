import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { EnforcementSlice } from '../../../../../test/support/enforcement-slice';
import { DEFAULT_ENFORCEMENT_SETTINGS } from '../../domain/enforcement-settings';
import { InvalidEnforcementSettingsError } from '../../telephony-enforcement.errors';
import { GetEnforcementSettingsQuery } from '../get-enforcement-settings/get-enforcement-settings.query';
import { UpdateEnforcementSettingsCommand } from './update-enforcement-settings.command';

/** Settings through the buses, on real Postgres. */
describe('update enforcement settings', () => {
  let slice: EnforcementSlice;

  beforeAll(async () => {
    slice = await EnforcementSlice.start();
  });
  afterAll(() => slice?.close());

  const update = (patch: object) =>
    slice.get(CommandBus).execute(new UpdateEnforcementSettingsCommand(slice.tenantId, patch));
  const settings = () => slice.get(QueryBus).execute(new GetEnforcementSettingsQuery(slice.tenantId));

  it('a tenant that never saved any reads the defaults', async () => {
    expect(await settings()).toEqual(DEFAULT_ENFORCEMENT_SETTINGS);
  });

  it('saves a valid patch merged over what was there, one breaker limit at a time', async () => {
    await update({ allowList: ['ramal100'] });
    const saved = await update({ breaker: { maxCount: 7 } });
    expect(saved).toMatchObject({
      allowList: ['ramal100'],
      breaker: { ...DEFAULT_ENFORCEMENT_SETTINGS.breaker, maxCount: 7 },
    });
    expect(await settings()).toEqual(saved);
  });

  it('refuses a patch with any wrong field as a whole, listing every problem, and saves nothing', async () => {
    const before = await settings();
    const refusal = update({ allowList: ['ramal200'], blockValue: 1, breaker: { maxShare: 0 } });
    await expect(refusal).rejects.toBeInstanceOf(InvalidEnforcementSettingsError);
    await expect(refusal).rejects.toThrow(/blockValue[\s\S]*maxShare|maxShare[\s\S]*blockValue/);
    expect(await settings()).toEqual(before);
  });
});
