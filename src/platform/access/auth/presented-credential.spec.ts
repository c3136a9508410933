import { UnauthenticatedError } from '../access.errors';
import { presentedCredential } from './presented-credential';

const KEY = `rg_demo_0123456789abcdef_${'a'.repeat(43)}`;

describe('presented credential', () => {
  it.each([
    [{}, undefined],
    [{ authorization: 'Bearer eyJ.a.b' }, { kind: 'jwt', token: 'eyJ.a.b' }],
    [{ authorization: 'bearer eyJ.a.b' }, { kind: 'jwt', token: 'eyJ.a.b' }],
    [{ authorization: `Bearer ${KEY}` }, { kind: 'api_key', token: KEY }],
    [{ 'x-billing-api-key': ` ${KEY} ` }, { kind: 'api_key', token: KEY }],
  ])('reads %j', (headers, expected) => {
    expect(presentedCredential(headers)).toEqual(expected);
  });

  it.each([
    [{ authorization: 'Basic dTpw' }],
    [{ authorization: 'Bearer' }],
    [{ authorization: 'Bearer a b' }],
    [{ authorization: `Bearer ${KEY}`, 'x-billing-api-key': KEY }],
  ])('refuses %j', (headers) => {
    expect(() => presentedCredential(headers)).toThrow(UnauthenticatedError);
  });
});
