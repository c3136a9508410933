import { topicMatches } from './topic-match';

describe('topicMatches (AMQP topic exchange semantics)', () => {
  it.each([
    ['sync_ixc.receivable.paid.v1', 'sync_ixc.receivable.paid.v1', true],
    ['sync_ixc.receivable.paid.v1', 'sync_ixc.receivable.overdue.v1', false],
    ['sync_ixc.*.paid.v1', 'sync_ixc.receivable.paid.v1', true],
    ['sync_ixc.*.paid.v1', 'sync_ixc.receivable.extra.paid.v1', false],
    ['sync_ixc.#', 'sync_ixc.receivable.paid.v1', true],
    ['sync_ixc.#', 'sync_ixc', true],
    ['#', 'anything.at.all', true],
    ['#.v1', 'a.b.v1', true],
    ['#.v1', 'a.b.v2', false],
    ['a.#.z', 'a.z', true],
    ['a.#.z', 'a.b.c.z', true],
    ['a.*', 'a', false],
    ['*', 'a.b', false],
  ])('%s ~ %s → %s', (pattern, key, expected) => {
    expect(topicMatches(pattern, key)).toBe(expected);
  });
});
