import { BadControlRequest, controlRequest } from './control-request';

describe('control requests from the CLI', () => {
  it('reads each command with its input', () => {
    expect(
      controlRequest('/create-admin', { email: 'a@b.co', password: 'p', tenantSlug: 'acme', extra: 1 }),
    ).toEqual({
      command: 'create-admin',
      input: { email: 'a@b.co', password: 'p', tenantSlug: 'acme', tenantName: undefined },
    });
    expect(controlRequest('/dead-letters.list', { limit: 50, offset: 0 })).toEqual({
      command: 'dead-letters.list',
      input: { consumer: undefined, limit: 50, offset: 0 },
    });
    const id = '0b7f3c2e-8f1a-4c3b-9d2e-5a6b7c8d9e0f';
    expect(controlRequest('/dead-letters.replay', { id })).toEqual({
      command: 'dead-letters.replay',
      input: { id },
    });
  });

  it.each([
    ['/create-admin', { email: 'a@b.co', password: 'p' }],
    ['/create-admin', { email: 1, password: 'p', tenantSlug: 'acme' }],
    ['/create-admin', { email: 'a@b.co\u0000', password: 'p', tenantSlug: 'acme' }],
    ['/dead-letters.list', { limit: -1, offset: 0 }],
    ['/dead-letters.list', { limit: 1001, offset: 0 }],
    ['/dead-letters.list', { limit: '5', offset: 0 }],
    ['/dead-letters.replay', { id: "1' OR '1'='1" }],
    ['/migrate', {}],
    ['/dead-letters.list', [1]],
    ['/dead-letters.list', null],
  ])('refuses %s %j', (path, body) => {
    expect(() => controlRequest(path, body)).toThrow(BadControlRequest);
  });
});
