import { isValidCnpj, isValidCpf, parseDocument } from './document';

describe('CPF', () => {
  it.each(['52998224725', '62710524520', '17518172020', '11144477735'])('accepts %s', (cpf) => {
    expect(isValidCpf(cpf)).toBe(true);
  });

  it.each(['52998224724', '62710524521', '11111111111', '00000000000', '1234567890', '5299822472a'])(
    'refuses %s',
    (cpf) => {
      expect(isValidCpf(cpf)).toBe(false);
    },
  );
});

describe('CNPJ', () => {
  it.each(['11222333000181', '11444777000161', '12ABC34501DE35'])('accepts %s', (cnpj) => {
    expect(isValidCnpj(cnpj)).toBe(true);
  });

  it.each(['11222333000182', '11444777000160', '12ABC34501DE36', '00000000000000', '1122233300018'])(
    'refuses %s',
    (cnpj) => {
      expect(isValidCnpj(cnpj)).toBe(false);
    },
  );
});

describe('parseDocument', () => {
  it('strips the IXC mask and says what the document is', () => {
    expect(parseDocument('627.105.245-20')).toEqual({ value: '62710524520', kind: 'cpf', valid: true });
    expect(parseDocument('11.222.333/0001-81')).toEqual({
      value: '11222333000181',
      kind: 'cnpj',
      valid: true,
    });
    expect(parseDocument('12.abc.345/01de-35')).toEqual({
      value: '12ABC34501DE35',
      kind: 'cnpj',
      valid: true,
    });
  });

  it('keeps an invalid document, flagged', () => {
    expect(parseDocument('627.105.245-21')).toEqual({ value: '62710524521', kind: 'cpf', valid: false });
    expect(parseDocument('123.456')).toEqual({ value: '123456', kind: null, valid: false });
  });

  it('gives null for an empty field', () => {
    expect(parseDocument('')).toEqual({ value: null, kind: null, valid: false });
    expect(parseDocument(' ')).toEqual({ value: null, kind: null, valid: false });
    expect(parseDocument(undefined)).toEqual({ value: null, kind: null, valid: false });
  });
});
