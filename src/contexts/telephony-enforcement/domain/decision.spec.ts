import { decide, desiredState, lineState, type ContractFacts } from './decision';
import { DEFAULT_ENFORCEMENT_SETTINGS as DEFAULTS, type EnforcementSettings } from './enforcement-settings';

const TODAY = '2026-11-22';
const contract = (
  status: string,
  internetStatus: string,
  extra: Partial<ContractFacts> = {},
): ContractFacts =>
  ({
    known: true,
    status,
    internetStatus,
    doNotBlockUntil: null,
    trustUnlockActive: false,
    ...extra,
  }) as ContractFacts;
const line = (active: number | null, username = 'voip1001') => ({ username, active });
const settings = (patch: Partial<EnforcementSettings> = {}): EnforcementSettings => ({
  ...DEFAULTS,
  ...patch,
});

describe('lineState (Magnus active → state)', () => {
  it.each([
    [1, 'active'],
    [0, 'inactive'],
    [2, 'blocked'],
    [3, 'blocked'],
    [4, 'blocked'],
    [null, 'unknown'],
    [5, 'unknown'],
    [-1, 'unknown'],
  ] as const)('active=%p is %s', (active, state) => {
    expect(lineState(active, DEFAULTS)).toBe(state);
  });

  it('counts as blocked only the values the tenant lists', () => {
    expect(lineState(2, settings({ blockedValues: [3, 4] }))).toBe('unknown');
    expect(lineState(3, settings({ blockedValues: [3, 4] }))).toBe('blocked');
  });
});

describe('desiredState (IXC contract → state, integrations.md §10 defaults)', () => {
  it.each([
    ['A', 'A', 'active', 'status_internet=A'],
    ['A', 'CA', 'blocked', 'status_internet=CA'],
    ['A', 'CM', 'blocked', 'status_internet=CM'],
    ['A', 'FA', 'blocked', 'status_internet=FA'],
    ['A', 'AA', 'blocked', 'status_internet=AA'],
    ['D', 'D', 'inactive', 'status_internet=D'],
    // status_internet not mapped: the contract status decides
    ['A', 'X', 'active', 'status=A'],
    ['P', '', 'active', 'status=P'],
    ['N', 'X', 'blocked', 'status=N'],
    ['I', 'X', 'inactive', 'status=I'],
    ['D', 'X', 'inactive', 'status=D'],
  ])('status=%s status_internet=%s → %s', (status, internetStatus, state, detail) => {
    expect(desiredState({ status, internetStatus }, DEFAULTS)).toEqual({ state, detail });
  });

  it('is undefined when neither status is mapped', () => {
    expect(desiredState({ status: 'Z', internetStatus: 'Q' }, DEFAULTS)).toBeUndefined();
  });
});

describe('decide: every cell of current × desired', () => {
  // [magnus active, status, status_internet, action, from, to, written value]
  it.each([
    [1, 'A', 'A', 'no_change', 'active', 'active', null],
    [1, 'A', 'CA', 'block', 'active', 'blocked', 4],
    [1, 'D', 'D', 'disable', 'active', 'inactive', 0],
    [2, 'A', 'A', 'unblock', 'blocked', 'active', 1],
    [3, 'A', 'A', 'unblock', 'blocked', 'active', 1],
    [4, 'A', 'A', 'unblock', 'blocked', 'active', 1],
    [4, 'A', 'FA', 'no_change', 'blocked', 'blocked', null],
    [3, 'A', 'CM', 'no_change', 'blocked', 'blocked', null],
    [4, 'I', 'D', 'disable', 'blocked', 'inactive', 0],
    [0, 'A', 'A', 'enable', 'inactive', 'active', 1],
    [0, 'P', 'AA', 'no_change', 'inactive', 'blocked', null],
    [0, 'D', 'D', 'no_change', 'inactive', 'inactive', null],
  ] as const)('active=%p, IXC %s/%s → %s', (active, status, internet, action, from, to, value) => {
    const decision = decide(line(active), contract(status, internet), DEFAULTS, TODAY);
    expect(decision).toMatchObject({ action, from, to, fromValue: active, toValue: value });
  });

  it('explains each NoChange', () => {
    expect(decide(line(1), contract('A', 'A'), DEFAULTS, TODAY).reason).toBe('in_step');
    expect(decide(line(0), contract('A', 'CA'), DEFAULTS, TODAY).reason).toBe('already_stricter');
  });

  it('blocks a disabled line when the tenant asks for inactive → blocked', () => {
    const decision = decide(line(0), contract('A', 'CA'), settings({ inactiveWhenBlocked: 'block' }), TODAY);
    expect(decision).toMatchObject({ action: 'block', from: 'inactive', to: 'blocked', toValue: 4 });
  });

  it('writes the tenant blockValue', () => {
    const decision = decide(
      line(1),
      contract('A', 'CA'),
      settings({ blockValue: 3, blockedValues: [3, 4] }),
      TODAY,
    );
    expect(decision).toMatchObject({ action: 'block', toValue: 3 });
  });

  it('says why it blocks', () => {
    expect(decide(line(1), contract('N', 'X'), DEFAULTS, TODAY)).toMatchObject({
      action: 'block',
      reason: 'contract_blocked',
      detail: 'status=N',
    });
  });
});

describe('decide: unknown is never bad', () => {
  it.each([
    [{ known: false, reason: 'not_found' } as ContractFacts, 'contract_not_found'],
    [{ known: false, reason: 'unavailable' } as ContractFacts, 'contract_unavailable'],
    [contract('Z', 'Q'), 'contract_status_unmapped'],
  ])('an active line with %j is left alone (%s)', (facts, reason) => {
    for (const active of [0, 1, 2, 3, 4, null]) {
      const decision = decide(line(active), facts, DEFAULTS, TODAY);
      expect(decision).toMatchObject({ action: 'no_change', reason, toValue: null });
    }
  });

  it.each([null, 5, 9])('a line whose active=%p is not recognised is left alone', (active) => {
    for (const [status, internet] of [
      ['A', 'CA'],
      ['D', 'D'],
      ['A', 'A'],
    ]) {
      expect(decide(line(active), contract(status!, internet!), DEFAULTS, TODAY)).toMatchObject({
        action: 'no_change',
        reason: 'line_state_unknown',
      });
    }
  });
});

describe('decide: protections', () => {
  it('never touches an allow-listed username', () => {
    const allow = settings({ allowList: ['ramal-diretoria'] });
    for (const [active, status, internet] of [
      [1, 'A', 'CA'],
      [4, 'A', 'A'],
      [1, 'D', 'D'],
      [0, 'A', 'A'],
    ] as const) {
      expect(decide(line(active, 'ramal-diretoria'), contract(status, internet), allow, TODAY)).toMatchObject(
        {
          action: 'no_change',
          reason: 'allow_listed',
        },
      );
    }
    expect(decide(line(1, 'other'), contract('A', 'CA'), allow, TODAY).action).toBe('block');
  });

  it.each([
    ['2026-11-22', 'no_change'], // today counts
    ['2026-12-01', 'no_change'],
    ['2026-11-21', 'block'], // expired yesterday
  ])('nao_bloquear_ate=%s → %s for a Block', (until, action) => {
    const facts = contract('A', 'CA', { doNotBlockUntil: until });
    const decision = decide(line(1), facts, DEFAULTS, TODAY);
    expect(decision.action).toBe(action);
    if (action === 'no_change') expect(decision.reason).toBe('do_not_block_until');
  });

  it('nao_bloquear_ate also holds a Disable but never an Unblock or Enable', () => {
    const until = { doNotBlockUntil: '2026-12-31' };
    expect(decide(line(1), contract('D', 'D', until), DEFAULTS, TODAY).reason).toBe('do_not_block_until');
    expect(decide(line(4), contract('A', 'A', until), DEFAULTS, TODAY).action).toBe('unblock');
    expect(decide(line(0), contract('A', 'A', until), DEFAULTS, TODAY).action).toBe('enable');
  });

  it('a running trust unlock keeps a blocked contract working', () => {
    const trusted = contract('A', 'CA', { trustUnlockActive: true });
    expect(decide(line(1), trusted, DEFAULTS, TODAY)).toMatchObject({
      action: 'no_change',
      reason: 'in_step',
    });
    expect(decide(line(4), trusted, DEFAULTS, TODAY)).toMatchObject({
      action: 'unblock',
      reason: 'trust_unlock',
    });
    // it does not revive a cancelled contract
    expect(decide(line(1), contract('D', 'D', { trustUnlockActive: true }), DEFAULTS, TODAY).action).toBe(
      'disable',
    );
  });
});
