import { publishableInOrder } from './outbox-ordering';

const row = (seq: number, orderingKey: string | null = null) => ({ seq: String(seq), orderingKey });
const seqs = (rows: Array<{ seq: string }>) => rows.map((r) => Number(r.seq));

describe('publishableInOrder', () => {
  it('publishes unordered rows as claimed', () => {
    expect(seqs(publishableInOrder([row(3), row(1), row(2)], new Map()))).toEqual([1, 2, 3]);
  });

  it('publishes every row of a key when the first pending one is in the batch', () => {
    const claimed = [row(1, 'a'), row(2, 'a'), row(3, 'b'), row(4, 'a')];
    const first = new Map([
      ['a', '1'],
      ['b', '3'],
    ]);
    expect(seqs(publishableInOrder(claimed, first))).toEqual([1, 2, 3, 4]);
  });

  it('holds back a key whose earlier row is elsewhere (another relay, or waiting for a retry)', () => {
    const claimed = [row(5, 'a'), row(6, 'b'), row(7, 'a'), row(8)];
    const first = new Map([
      ['a', '2'],
      ['b', '6'],
    ]);
    expect(seqs(publishableInOrder(claimed, first))).toEqual([6, 8]);
  });
});
