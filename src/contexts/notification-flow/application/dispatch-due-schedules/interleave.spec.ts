import { interleave } from './interleave';

describe('interleave', () => {
  it.each([
    [[], []],
    [[[1, 2, 3]], [1, 2, 3]],
    [
      [[1, 2, 3], ['a', 'b'], [], ['x']],
      [1, 'a', 'x', 2, 'b', 3],
    ],
  ])('%j → %j', (lists, expected) => {
    expect(interleave(lists as unknown[][])).toEqual(expected);
  });
});
