import { groupBy } from './group-by';

describe('groupBy', () => {
  it('groups values by key in first-seen order and leaves out undefined keys and values', () => {
    const items = [
      { t: 'b', v: 1 },
      { t: 'a', v: 2 },
      { t: undefined, v: 3 },
      { t: 'b', v: undefined },
      { t: 'b', v: 4 },
    ];
    expect([
      ...groupBy(
        items,
        (i) => i.t,
        (i) => i.v,
      ),
    ]).toEqual([
      ['b', [1, 4]],
      ['a', [2]],
    ]);
  });
});
