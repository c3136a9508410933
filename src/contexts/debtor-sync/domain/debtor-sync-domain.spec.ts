import { normalizeCpf } from './cpf';
import { classifyInstallment } from './installment-status';
import { isMinor } from './minor';
import { toCents } from './money';
import { normalizeEmail, toE164 } from './phone';

describe('debtor-sync domain rules', () => {
  it.each([
    ['529.982.247-25', '52998224725'],
    ['52998224725', '52998224725'],
    ['123.456.789-00', null],
    ['111.111.111-11', null],
    ['5299822472', null],
    ['', null],
    [null, null],
  ])('CPF %p → %p', (input, expected) => {
    expect(normalizeCpf(input)).toBe(expected);
  });

  it.each([
    ['Compensado', '2026-01-10', 'paid'],
    ['Caixa Clínica', '2026-01-10', 'paid'],
    ['NEGOCIAÇÃO CONCLUÍDA', '2026-01-10', 'paid'],
    ['Banco Itaú', '2026-01-10', 'paid'],
    ['PagSeguro', '2026-01-10', 'paid'],
    ['Não Compensado', '2026-01-10', 'open'],
    ['Status Inicial', '2026-01-10', 'open'],
    ['Enviado ao Financeiro', '2026-01-10', 'open'],
    ['Compensado', '2026-03-10', 'open'],
    ['Renegociado', '2026-01-10', 'cancelled'],
    ['Cancelado', '2026-03-10', 'cancelled'],
    ['algo novo', '2026-01-10', 'open'],
    ['', '2026-01-10', 'open'],
  ])('installment status %p due %s (today 2026-02-01) → %s', (raw, due, expected) => {
    expect(classifyInstallment(raw, due, '2026-02-01')).toBe(expected);
  });

  it.each([
    ['123.45', 12345],
    ['123.4', 12340],
    ['123', 12300],
    ['1.234,56', 123456],
    ['99,90', 9990],
    [150.5, 15050],
    ['0.00', 0],
    ['-1.00', null],
    ['12.345', 1234500], // three digits after a dot: a thousands separator, as in 1.234,56
    ['abc', null],
    [null, null],
    ['99999999999999999', null],
  ])('money %p → %p cents', (input, expected) => {
    expect(toCents(input)).toBe(expected);
  });

  it.each([
    ['(11) 98765-4321', '+5511987654321'],
    ['11987654321', '+5511987654321'],
    ['011 987654321', '+5511987654321'],
    ['(79) 9830-7232', '+5579998307232'],
    ['(11) 3123-4567', '+551131234567'],
    ['123', null],
    ['', null],
    [null, null],
  ])('phone %p → %p', (input, expected) => {
    expect(toE164(input)).toBe(expected);
  });

  it.each([
    ['Ana@Example.com ', 'ana@example.com'],
    ['not-an-email', null],
    [null, null],
  ])('e-mail %p → %p', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it.each([
    ['2010-02-02', '2026-02-01', true],
    ['2008-02-01', '2026-02-01', false],
    ['2008-02-02', '2026-02-01', true],
    [null, '2026-02-01', false],
    ['garbage', '2026-02-01', false],
  ])('born %p, on %s a minor: %p', (birth, today, expected) => {
    expect(isMinor(birth, today)).toBe(expected);
  });
});

describe('phone fast path', () => {
  it('answers what libphonenumber answers for national mobile and landline formats', async () => {
    const { parsePhoneNumberFromString } = await import('libphonenumber-js/max');
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 2000; i++) {
      const ddd = String(11 + Math.floor(next() * 89));
      const mobile = next() < 0.5;
      const subscriber = mobile
        ? `9${String(Math.floor(next() * 1e8)).padStart(8, '0')}`
        : `${2 + Math.floor(next() * 4)}${String(Math.floor(next() * 1e7)).padStart(7, '0')}`;
      const phone = parsePhoneNumberFromString(`${ddd}${subscriber}`, 'BR');
      const expected = phone?.isValid() ? phone.number : null;
      expect([`${ddd}${subscriber}`, toE164(`(${ddd}) ${subscriber}`)]).toEqual([
        `${ddd}${subscriber}`,
        expected,
      ]);
    }
  });
});
