import { MagnusUnexpectedResponseError } from './magnus-errors';
import { integerOrNull, toMagnusUser } from './magnus-mappers';

const row = {
  id: '12',
  username: ' 5511999 ',
  password: 'clear-text',
  active: '1',
  firstname: 'Maria',
  lastname: 'da Silva ',
  company_name: 'Padaria Pão Quente',
  doc: ' 123.456.789-09 ',
  dist: '  C-1042  ',
};

describe('toMagnusUser', () => {
  it('maps a read row, numbers from numeric strings, the contract field trimmed', () => {
    expect(toMagnusUser(row, 'dist')).toEqual({
      id: 12,
      username: '5511999',
      active: 1,
      contractRef: 'C-1042',
      company: 'Padaria Pão Quente',
      name: 'Maria da Silva',
      doc: '123.456.789-09',
    });
  });

  it('never carries the password, under any field', () => {
    const user = toMagnusUser({ ...row, password: 'p4ss', sip_password: 'x' }, 'dist');
    expect(JSON.stringify(user)).not.toMatch(/p4ss|clear-text/);
  });

  it('maps a save row with JSON numbers', () => {
    expect(toMagnusUser({ id: 2, username: 'x', active: 0, dist: 1042 }, 'dist')).toMatchObject({
      id: 2,
      active: 0,
      contractRef: '1042',
    });
  });

  it('reads an empty active as unknown (null), never as 0', () => {
    expect(toMagnusUser({ ...row, active: '' }, 'dist').active).toBeNull();
    expect(toMagnusUser({ ...row, active: null }, 'dist').active).toBeNull();
    const { active: _omitted, ...withoutActive } = row;
    expect(toMagnusUser(withoutActive, 'dist').active).toBeNull();
  });

  it('reads an empty or blank contract field as null, and reads any configured field', () => {
    expect(toMagnusUser({ ...row, dist: '   ' }, 'dist').contractRef).toBeNull();
    expect(toMagnusUser({ ...row, dist: null }, 'dist').contractRef).toBeNull();
    expect(toMagnusUser(row, 'description').contractRef).toBeNull();
    expect(toMagnusUser({ ...row, description: ' 77 ' }, 'description').contractRef).toBe('77');
  });

  it('falls back to the person name when the company is empty', () => {
    expect(toMagnusUser({ ...row, company_name: ' ' }, 'dist').company).toBe('Maria da Silva');
    expect(toMagnusUser({ id: 3 }, 'dist')).toEqual({
      id: 3,
      username: '',
      active: null,
      contractRef: null,
      company: '',
      name: '',
      doc: '',
    });
  });

  it('refuses a row without a usable id', () => {
    for (const id of [undefined, '', '0', 'abc', -4, 1.5]) {
      expect(() => toMagnusUser({ ...row, id }, 'dist')).toThrow(MagnusUnexpectedResponseError);
    }
  });
});

describe('integerOrNull', () => {
  it.each([
    [4, 4],
    ['4', 4],
    [' 3 ', 3],
    ['-1', -1],
    ['', null],
    ['1.5', null],
    [1.5, null],
    ['abc', null],
    [true, null],
    [null, null],
  ])('%j → %j', (value, expected) => {
    expect(integerOrNull(value)).toBe(expected);
  });
});
