import { deriveSeed, mulberry32, randomInt, type Random } from '../host/prng';
import { weighted } from '../ixc/ixc-seed-random';
import { ixcContractStates, stateName, type ContractState } from './magnus-ixc-contracts';
import { seededUser } from './magnus-seed-people';
import type { MagnusSettings } from './magnus-settings';
import type { MagnusUser } from './magnus-user-columns';

/** Ids of the users the seed made special (fixed at seeding; later edits do not move them). */
export interface SeededKinds {
  /** `dist` empty or whitespace only */
  withoutContract: number[];
  /** `dist` names a contract id IXC does not have */
  unknownContracts: number[];
  /** `dist` repeats the contract of another user */
  sharedContracts: number[];
  /** linked or shared users whose `active` disagrees with their IXC contract */
  drift: number[];
}

/**
 * Users 1..n of an ISP that kept Magnus in step with IXC by hand: each linked user's `dist` holds an
 * IXC contract id and its `active` agrees with that contract, except a `drift` share that disagrees.
 * The kinds are drawn at random positions, so no id range is special.
 */
export function seedMagnusUsers(seed: number, settings: MagnusSettings) {
  const random = (label: string): Random => mulberry32(deriveSeed(seed, `magnus:${label}`));
  const people = random('users');
  const users: MagnusUser[] = [];
  for (let id = 1; id <= settings.users; id++) users.push(seededUser(people, seed, id, settings.users));

  const order = shuffled(random('kinds'), settings.users);
  const without = order.slice(0, settings.withoutContract);
  const unknown = order.slice(without.length, without.length + settings.unknownContracts);
  const sharedStart = without.length + unknown.length;
  const shared = order.slice(sharedStart, sharedStart + settings.sharedContracts);
  const linked = order.slice(sharedStart + shared.length);

  const links = random('links');
  const contractIds = shuffled(links, settings.ixc.contracts);
  const contractOf = new Map<number, number>();
  linked.forEach((index, i) => contractOf.set(index, contractIds[i] + 1));
  for (const index of shared)
    contractOf.set(index, contractOf.get(linked[randomInt(links, 0, linked.length - 1)])!);

  const blanks = random('blanks');
  // One in five typed a space or two instead of leaving the field empty.
  without.forEach((index, i) => (users[index].dist = i % 5 === 0 ? ' '.repeat(randomInt(blanks, 1, 3)) : ''));
  // Far above any seeded contract id, as a typo or a contract from another ERP would be.
  const unknownBase = Math.max(9_000_000, settings.ixc.contracts + 1_000_000);
  unknown.forEach((index, i) => (users[index].dist = String(unknownBase + i)));
  for (const [index, contract] of contractOf) users[index].dist = String(contract);

  const withContract = [...linked, ...shared];
  const drifting = new Set(
    shuffled(random('drift'), withContract.length)
      .slice(0, Math.round(settings.drift * withContract.length))
      .map((i) => withContract[i]),
  );
  const states = ixcContractStates(seed, settings.ixc);
  const actives = random('active');
  for (const [index, contract] of contractOf) {
    const agreed = stateName(states[contract - 1]);
    const state = drifting.has(index) ? otherState(actives, agreed) : agreed;
    users[index].active = activeFor(actives, state);
  }
  for (const index of [...without, ...unknown]) users[index].active = anyActive(actives);

  const ids = (indexes: Iterable<number>) => [...indexes].map((index) => index + 1).sort((a, b) => a - b);
  const kinds: SeededKinds = {
    withoutContract: ids(without),
    unknownContracts: ids(unknown),
    sharedContracts: ids(shared),
    drift: ids(drifting),
  };
  return { users, kinds };
}

/** Magnus `active` for a state: 1 active, 0 inactive, blocked mostly 4 ("Blocked In Out"), else 3 or 2. */
function activeFor(random: Random, state: ContractState): number {
  if (state === 'active') return 1;
  if (state === 'inactive') return 0;
  return [4, 3, 2][weighted(random, [0.8, 0.12, 0.08])];
}

function otherState(random: Random, state: ContractState): ContractState {
  const others = (['active', 'inactive', 'blocked'] as const).filter((other) => other !== state);
  return others[randomInt(random, 0, 1)];
}

/** Users nobody could check against IXC carry whatever the back office last set. */
function anyActive(random: Random): number {
  return [1, 0, 4, 3, 2][weighted(random, [0.6, 0.2, 0.15, 0.03, 0.02])];
}

/** 0..n-1 in a seeded random order (Fisher–Yates). */
function shuffled(random: Random, n: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(random, 0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
