import { randomUUID } from 'node:crypto';
import { GetCaseQuery } from '../get-case/get-case.query';
import { startEscalationSlice, type EscalationSlice } from '../escalation-slice.test-helper';
import { TransitionCaseCommand } from './transition-case.command';

describe('TransitionCaseCommand (slice)', () => {
  let s: EscalationSlice;
  beforeAll(async () => {
    s = await startEscalationSlice('transition-case');
    await s.escalate([s.debt({})]);
  });
  afterAll(() => s?.t.close());

  const move = async (to: 'in_negotiation' | 'agreement' | 'returned' | 'open', id?: string) =>
    s.commands.execute(
      new TransitionCaseCommand(s.tenantId, id ?? (await s.caseIdOf('ct-1')), to, 'user:7', 'nota'),
    );

  it('walks the state machine, keeps who/when, and announces the close', async () => {
    await move('in_negotiation');
    await move('agreement');
    expect(await move('returned')).toMatchObject({ state: 'returned' });
    const view = await s.queries.execute(new GetCaseQuery(s.tenantId, await s.caseIdOf('ct-1')));
    expect(view.history.slice(1).map((h) => [h.from, h.to, h.by, h.note])).toEqual([
      ['open', 'in_negotiation', 'user:7', 'nota'],
      ['in_negotiation', 'agreement', 'user:7', 'nota'],
      ['agreement', 'returned', 'user:7', 'nota'],
    ]);
    expect(view.closedAt).not.toBeNull();
    const [closed] = (await s.db.query(
      `SELECT payload FROM messaging.outbox WHERE tenant_id = $1 AND routing_key = 'debt_escalation.case.closed.v1'`,
      [s.tenantId],
    )) as Array<{ payload: { state: string; by: string } }>;
    expect(closed!.payload).toMatchObject({ state: 'returned', by: 'user:7' });
  });

  it('refuses a move out of a closed state, and an unknown case', async () => {
    await expect(move('open')).rejects.toMatchObject({ code: 'DEBT_ESCALATION.INVALID_TRANSITION' });
    await expect(move('open', randomUUID())).rejects.toMatchObject({
      code: 'DEBT_ESCALATION.CASE_NOT_FOUND',
    });
  });
});
