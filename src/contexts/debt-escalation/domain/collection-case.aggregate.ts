import { CaseClosedError, InvalidTransitionError } from './debt-escalation.errors';

export const CASE_STATES = [
  'open',
  'in_negotiation',
  'agreement',
  'settled',
  'written_off',
  'returned',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** States a case is worked in; the others are final (the unique key covers only these). */
export const OPEN_STATES: readonly CaseState[] = ['open', 'in_negotiation', 'agreement'];
export const CLOSED_STATES: readonly CaseState[] = ['settled', 'written_off', 'returned'];

/**
 * Where a case may go from each state. `returned` hands the debt back to the regular cadence;
 * `written_off` gives it up; a broken agreement goes back to negotiation.
 */
export const TRANSITIONS: Readonly<Record<CaseState, readonly CaseState[]>> = {
  open: ['in_negotiation', 'settled', 'written_off', 'returned'],
  in_negotiation: ['open', 'agreement', 'settled', 'written_off', 'returned'],
  agreement: ['in_negotiation', 'settled', 'written_off', 'returned'],
  settled: [],
  written_off: [],
  returned: [],
};

export function isCaseState(value: string): value is CaseState {
  return (CASE_STATES as readonly string[]).includes(value);
}

export function isClosed(state: CaseState): boolean {
  return CLOSED_STATES.includes(state);
}

/** One immutable line of a case's history. `by` is a user id, or `system` for automatic changes. */
export interface CaseChange {
  kind: 'opened' | 'transition' | 'assigned';
  from: CaseState | null;
  to: CaseState;
  assignee?: string | null;
  by: string;
  at: Date;
  note: string | null;
}

export interface CaseSnapshot {
  id: string;
  state: CaseState;
  assignee: string | null;
  openCents: number;
  version: number;
}

/**
 * A collection case: decides its changes and records them; no I/O. The repository persists the
 * snapshot and appends the changes (the history is never rewritten).
 */
export class CollectionCase {
  private readonly recorded: CaseChange[] = [];

  private constructor(private snapshot: CaseSnapshot) {}

  static restore(snapshot: CaseSnapshot): CollectionCase {
    return new CollectionCase({ ...snapshot });
  }

  get id(): string {
    return this.snapshot.id;
  }
  get state(): CaseState {
    return this.snapshot.state;
  }
  get assignee(): string | null {
    return this.snapshot.assignee;
  }
  get version(): number {
    return this.snapshot.version;
  }

  changes(): readonly CaseChange[] {
    return this.recorded;
  }

  transition(to: CaseState, by: string, at: Date, note: string | null = null): CaseChange {
    const from = this.snapshot.state;
    const allowed = TRANSITIONS[from];
    if (!allowed.includes(to)) throw new InvalidTransitionError(from, to, allowed);
    this.snapshot = { ...this.snapshot, state: to };
    return this.record({ kind: 'transition', from, to, by, at, note });
  }

  assign(assignee: string | null, by: string, at: Date, note: string | null = null): CaseChange {
    if (isClosed(this.snapshot.state)) throw new CaseClosedError(this.snapshot.id, this.snapshot.state);
    this.snapshot = { ...this.snapshot, assignee };
    const state = this.snapshot.state;
    return this.record({ kind: 'assigned', from: state, to: state, assignee, by, at, note });
  }

  /**
   * Nothing is owed any more (every debt paid or cancelled): an open case settles by itself. A closed
   * one is left as it is. Returns the change, or null when there was none.
   */
  settleWhenNothingOwed(openDebts: number, at: Date): CaseChange | null {
    if (openDebts > 0 || isClosed(this.snapshot.state)) return null;
    return this.transition('settled', 'system', at, 'Todas as dívidas do caso foram pagas ou canceladas');
  }

  private record(change: CaseChange): CaseChange {
    this.recorded.push(change);
    return change;
  }
}
