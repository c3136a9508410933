import { startSimulators } from '../index';
import { SimulatorControl } from '../host/simulator-control';
import { SimulatorInputError } from '../host/simulator';
import type { IxcState } from '../ixc/ixc-state';
import { contractState, type ContractState } from './magnus-ixc-contracts';
import { createMagnusState, type MagnusData, type MagnusState } from './magnus-state';

const IXC = { customers: 150, contracts: 200, receivables: 400 };
const SETTINGS = { users: 150, ixc: IXC };

const stateOfActive = (active: unknown): ContractState =>
  active === 1 ? 'active' : active === 0 ? 'inactive' : 'blocked';

describe('MagnusBilling simulator — seeded users', () => {
  it('is deterministic for a seed and settings, and differs for another seed', () => {
    const a = createMagnusState(4, SETTINGS);
    const b = createMagnusState(4, SETTINGS);
    const c = createMagnusState(5, SETTINGS);
    expect([...b.users.values()]).toEqual([...a.users.values()]);
    expect(b.seeded).toEqual(a.seeded);
    expect([...c.users.values()]).not.toEqual([...a.users.values()]);
  });

  it('seeds the default shares of broken links: 10% without, ~3% unknown, ~3% shared, 4% drift', () => {
    const state = createMagnusState(4, SETTINGS);
    const users = [...state.users.values()];
    const { withoutContract, unknownContracts, sharedContracts, drift } = state.seeded;
    expect(withoutContract).toHaveLength(15);
    expect(unknownContracts).toHaveLength(5);
    expect(sharedContracts).toHaveLength(5);
    const linked = 150 - 15 - 5;
    expect(drift).toHaveLength(Math.round(0.04 * linked));

    const kinds = new Set([...withoutContract, ...unknownContracts, ...sharedContracts]);
    expect(kinds.size).toBe(25);
    for (const id of withoutContract) expect(String(state.users.get(id)!.dist).trim()).toBe('');
    for (const id of unknownContracts)
      expect(Number(state.users.get(id)!.dist)).toBeGreaterThan(IXC.contracts);
    const withContract = users.filter(
      (user) => !withoutContract.includes(user.id as number) && !unknownContracts.includes(user.id as number),
    );
    for (const user of withContract) {
      expect(Number(user.dist)).toBeGreaterThanOrEqual(1);
      expect(Number(user.dist)).toBeLessThanOrEqual(IXC.contracts);
    }
    const owners = new Map<string, number>();
    for (const user of withContract) owners.set(String(user.dist), (owners.get(String(user.dist)) ?? 0) + 1);
    for (const id of sharedContracts)
      expect(owners.get(String(state.users.get(id)!.dist))).toBeGreaterThan(1);
    // Only shared users repeat a contract.
    const repeats = [...owners.values()].reduce((sum, count) => sum + count - 1, 0);
    expect(repeats).toBe(sharedContracts.length);
  });

  it('agrees with the IXC contract of the same host for every non-drift user', async () => {
    const host = await startSimulators(['ixc', 'magnus'], {
      seed: 21,
      settings: { ixc: IXC, magnus: SETTINGS },
    });
    try {
      const contracts = host.stateOf<IxcState>('ixc').tables.cliente_contrato;
      const magnus = host.stateOf<MagnusState>('magnus');
      const expected = (dist: string) => {
        const row = contracts.rowOf(Number(dist));
        return contractState(
          contracts.column('status')!.value(row),
          contracts.column('status_internet')!.value(row),
        );
      };
      const drift = new Set(magnus.seeded.drift);
      const unlinked = new Set([...magnus.seeded.withoutContract, ...magnus.seeded.unknownContracts]);
      let checked = 0;
      for (const user of magnus.users.values()) {
        if (unlinked.has(user.id as number)) continue;
        const agrees = stateOfActive(user.active) === expected(String(user.dist));
        expect({ id: user.id, agrees }).toEqual({ id: user.id, agrees: !drift.has(user.id as number) });
        checked++;
      }
      expect(checked).toBe(SETTINGS.users - 15 - 5);
      const blocked = [...magnus.users.values()].filter((user) => [2, 3, 4].includes(user.active as number));
      expect(blocked.length).toBeGreaterThan(0);
      expect(blocked.filter((user) => user.active === 4).length).toBeGreaterThan(blocked.length / 2);
    } finally {
      await host.stop();
    }
  });

  it('maps IXC statuses as agreed: internet blocks first, then the contract status', () => {
    expect(contractState('A', 'CA')).toBe('blocked');
    expect(contractState('P', 'AA')).toBe('blocked');
    expect(contractState('A', 'FA')).toBe('blocked');
    expect(contractState('I', 'CM')).toBe('blocked');
    expect(contractState('A', 'D')).toBe('inactive');
    expect(contractState('D', 'A')).toBe('active');
    expect(contractState('P', '')).toBe('active');
    expect(contractState('N', '')).toBe('inactive');
  });

  it('validates settings: numeric strings, no unknown keys, counts that fit', () => {
    expect(createMagnusState(1, { users: '40', drift: '0.5', ixc: IXC }).settings).toMatchObject({
      users: 40,
      withoutContract: 4,
      drift: 0.5,
    });
    expect(() => createMagnusState(1, { usuarios: 3 })).toThrow(SimulatorInputError);
    expect(() => createMagnusState(1, { users: 10, withoutContract: 11 })).toThrow(SimulatorInputError);
    expect(() => createMagnusState(1, { drift: 2 })).toThrow(SimulatorInputError);
    expect(() => createMagnusState(1, { users: 500, ixc: { contracts: 10, customers: 10 } })).toThrow(
      /need their own IXC contract/,
    );
  });

  it('builds 20,000 users on 25,000 IXC contracts, inspects them without listing them, and resets', async () => {
    const settings = { users: 20_000, ixc: { customers: 20_000, contracts: 25_000, receivables: 0 } };
    const state = createMagnusState(9, settings);
    expect(state.users.size).toBe(20_000);
    expect(new Set([...state.users.values()].map((user) => user.username)).size).toBe(20_000);

    const host = await startSimulators(['magnus'], { seed: 9, settings: { magnus: settings } });
    try {
      const control = new SimulatorControl(host.controlUrlOf('magnus'));
      const data = await control.data<MagnusData>();
      expect(data.users).toBe(20_000);
      expect(data.userList).toBeUndefined();
      expect(Object.values(data.byActive).reduce((sum, n) => sum + n, 0)).toBe(20_000);
      await control.reset();
      expect(await control.data<MagnusData>()).toEqual(data);
    } finally {
      await host.stop();
    }
  }, 30_000);
});
