import { toE164Phone } from './phone';

describe('toE164Phone', () => {
  it.each([
    ['(79) 99830-7232', '+5579998307232'],
    ['79998307232', '+5579998307232'],
    ['+55 79 99830-7232', '+5579998307232'],
    ['55 (79) 99830-7232', '+5579998307232'],
    ['0 79 99830-7232', '+5579998307232'],
    ['0xx79 99830-7232', '+5579998307232'],
    ['015 79 99830-7232', '+5579998307232'],
    ['(11) 92345-6789', '+5511923456789'],
  ])('normalises the mobile %j', (input, expected) => {
    expect(toE164Phone(input)).toBe(expected);
  });

  it.each([
    ['(79) 9830-7232', '+5579998307232'],
    ['7998307232', '+5579998307232'],
    ['557998307232', '+5579998307232'],
    ['(79) 6830-7232', '+5579968307232'],
    ['(21) 8888-7777', '+5521988887777'],
  ])('inserts the missing 9th digit in the 8-digit mobile %j', (input, expected) => {
    expect(toE164Phone(input)).toBe(expected);
  });

  it.each([
    ['(79) 3211-1234', '+557932111234'],
    ['(11) 2345-6789', '+551123456789'],
    ['(11) 5555-5555', '+551155555555'],
  ])('keeps the landline %j as it is (starts with 2-5)', (input, expected) => {
    expect(toE164Phone(input)).toBe(expected);
  });

  it('takes the first valid number of a field holding two', () => {
    expect(toE164Phone('(21)98888-7777 / (21) 3333-4444')).toBe('+5521988887777');
    expect(toE164Phone('sem fone; (21) 3333-4444')).toBe('+552133334444');
  });

  it('keeps valid foreign numbers', () => {
    expect(toE164Phone('+1 415 555 2671')).toBe('+14155552671');
  });

  it.each([
    '',
    '   ',
    undefined,
    '99830-7232',
    '(20) 9830-7232',
    '00000000000',
    '(79) 09830-7232',
    'não tem',
    '123',
  ])('gives null for %j (empty, no area code, invalid)', (input) => {
    expect(toE164Phone(input)).toBeNull();
  });
});
