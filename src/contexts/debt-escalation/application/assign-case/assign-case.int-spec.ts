import { GetCaseQuery } from '../get-case/get-case.query';
import { startEscalationSlice, type EscalationSlice } from '../escalation-slice.test-helper';
import { AssignCaseCommand } from './assign-case.command';

describe('AssignCaseCommand (slice)', () => {
  let s: EscalationSlice;
  beforeAll(async () => {
    s = await startEscalationSlice('assign-case');
    await s.escalate([s.debt({})]);
  });
  afterAll(() => s?.t.close());

  it('assigns and unassigns, each change in the history', async () => {
    const id = await s.caseIdOf('ct-1');
    await s.commands.execute(new AssignCaseCommand(s.tenantId, id, 'ana', 'user:1', null));
    await s.commands.execute(new AssignCaseCommand(s.tenantId, id, null, 'user:2', 'férias'));
    const view = await s.queries.execute(new GetCaseQuery(s.tenantId, id));
    expect(view.assignee).toBeNull();
    expect(view.history.filter((h) => h.kind === 'assigned').map((h) => [h.assignee, h.by, h.note])).toEqual([
      ['ana', 'user:1', null],
      [null, 'user:2', 'férias'],
    ]);
  });
});
