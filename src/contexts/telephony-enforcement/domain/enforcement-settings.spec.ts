import { DEFAULT_ENFORCEMENT_SETTINGS, mergeEnforcementSettings } from './enforcement-settings';

describe('mergeEnforcementSettings', () => {
  it('accepts the defaults and a valid patch', () => {
    const { settings, problems } = mergeEnforcementSettings(DEFAULT_ENFORCEMENT_SETTINGS, {
      blockValue: 3,
      allowList: ['ramal100'],
      breaker: { maxShare: 0.05, maxCount: 10 },
    });
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      blockValue: 3,
      blockedValues: [2, 3, 4],
      breaker: { maxShare: 0.05, maxCount: 10, windowMinutes: 60 },
    });
  });

  it('keeps a breaker limit the patch leaves out, even when present as undefined (a parsed body)', () => {
    const { settings, problems } = mergeEnforcementSettings(DEFAULT_ENFORCEMENT_SETTINGS, {
      breaker: { maxShare: 1, maxCount: 3, windowMinutes: undefined },
    });
    expect(problems).toEqual([]);
    expect(settings.breaker).toEqual({ maxShare: 1, maxCount: 3, windowMinutes: 60 });
  });

  it.each([
    [{ blockValue: 1 }, 'blockValue'],
    [{ blockedValues: [1, 4] }, 'blockedValues'],
    [{ blockedValues: [] }, 'blockedValues'],
    [{ internetStatusMap: { CA: 'gone' } }, 'internetStatusMap.CA'],
    [{ breaker: { maxShare: 0, maxCount: 1 } }, 'maxShare'],
    [{ breaker: { maxShare: 0.1, maxCount: -1 } }, 'maxCount'],
    [{ inactiveWhenBlocked: 'maybe' }, 'inactiveWhenBlocked'],
    [{ breaker: { windowMinutes: 0 } }, 'windowMinutes'],
    [{ breaker: { windowMinutes: 1.5 } }, 'windowMinutes'],
  ])('refuses %j', (patch, problem) => {
    const { problems } = mergeEnforcementSettings(DEFAULT_ENFORCEMENT_SETTINGS, patch as never);
    expect(problems.join('\n')).toContain(problem);
  });
});
