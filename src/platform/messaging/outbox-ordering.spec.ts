import { splitByOrdering } from './outbox-ordering';

const row = (seq: number, orderingKey: string | null = null) => ({ seq: String(seq), orderingKey });
const seqs = (rows: Array<{ seq: string }>) => rows.map((r) => Number(r.seq));

describe('splitByOrdering', () => {
  it('publishes unordered rows in sequence order', () => {
    const { ready, held } = splitByOrdering([row(3), row(1), row(2)], new Map());
    expect(seqs(ready)).toEqual([1, 2, 3]);
    expect(held).toEqual([]);
  });

  it('publishes every row of a key when no earlier row of it is pending elsewhere', () => {
    const { ready } = splitByOrdering(
      [row(1, 'a'), row(2, 'a'), row(3, 'b'), row(4, 'a')],
      new Map([['a', '9']]),
    );
    expect(seqs(ready)).toEqual([1, 2, 3, 4]);
  });

  it('holds back the rows of a key that come after a pending row held elsewhere', () => {
    const claimed = [row(1, 'a'), row(5, 'a'), row(6, 'b'), row(7, 'a'), row(8)];
    const { ready, held } = splitByOrdering(claimed, new Map([['a', '3']]));
    expect(seqs(ready)).toEqual([1, 6, 8]);
    expect(seqs(held)).toEqual([5, 7]);
  });

  it('compares sequence numbers numerically, beyond 2^53', () => {
    const { ready, held } = splitByOrdering(
      [row(10, 'a'), { seq: '9007199254740993', orderingKey: 'a' }],
      new Map([['a', '9007199254740992']]),
    );
    expect(seqs(ready)).toEqual([10]);
    expect(held.map((r) => r.seq)).toEqual(['9007199254740993']);
  });
});
