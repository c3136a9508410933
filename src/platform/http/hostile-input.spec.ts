import type { IncomingMessage } from 'node:http';
import { EdgeInputError, jsonDepthLimit } from './hostile-input';

const verify =
  (json: string, maxDepth = 3) =>
  () =>
    jsonDepthLimit(maxDepth)({} as IncomingMessage, undefined, Buffer.from(json));

describe('jsonDepthLimit', () => {
  it.each([
    ['{"a":{"b":[1]}}'],
    ['[[[]],[[]],[[]]]'],
    ['{"text":"[[[[[[{{{{"}'],
    ['{"text":"a \\" [[[[[[ quote inside"}'],
    ['{"path":"C:\\\\[[[[[[\\\\"}'],
  ])('accepts %s at depth 3', (json) => {
    expect(verify(json)).not.toThrow();
  });

  it.each([['[[[[]]]]'], ['{"a":{"b":{"c":{}}}}'], ['{"t":"\\\\"}[[[[']])(
    'refuses %s deeper than 3',
    (json) => {
      expect(verify(json)).toThrow(EdgeInputError);
      expect(verify(json)).toThrow('at most 3 levels');
    },
  );
});
