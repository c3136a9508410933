import { normalizePhone, parseContact, parseDate, parseMoney } from './billing-contact';

describe('billing contact parsing', () => {
  it.each([
    ['+5511999999999', '+5511999999999'],
    ['5511999999999', '+5511999999999'],
    ['(11) 99999-9999', '+5511999999999'],
    ['011 99999-9999', '+5511999999999'],
    ['1133334444', '+551133334444'],
    ['+1 415 555 2671', '+14155552671'],
    ['12', null],
    ['+0123456789', null],
    ['abc', null],
    ['+55 11 9999', null],
  ])('phone %j → %j', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it.each([
    ['R$ 150,00', 15000],
    ['R$\u00a01.234,56', 123456],
    ['150,5', 15050],
    ['150.00', 15000],
    ['1,234.56', 123456],
    ['1.234', 123400],
    ['10.000,00', 1000000],
    [150, 15000],
    [19.99, 1999],
    [0, 0],
    ['R$ 15O,00', null],
    ['-5', null],
    [-5, null],
    [1.005, null],
    ['1.2.3', null],
    ['', null],
    [Number.NaN, null],
    [1e20, null],
    [null, null],
  ])('money %j → %j cents', (raw, expected) => {
    expect(parseMoney(raw)).toBe(expected);
  });

  it.each([
    ['2025-01-15', '2025-01-15'],
    ['15/01/2025', '2025-01-15'],
    ['2025-01-15T10:00:00Z', '2025-01-15'],
    ['2026-02-30', null],
    ['2025-13-01', null],
    ['15-01-2025', null],
    ['0001-01-01', null],
    [20250115, null],
  ])('date %j → %j', (raw, expected) => {
    expect(parseDate(raw)).toBe(expected);
  });

  it('accepts a seed-shaped overdue contact, normalised', () => {
    expect(
      parseContact(
        {
          nome: ' João Silva ',
          telefone: '+5511999999999',
          valor: 'R$ 150,00',
          data_vencimento: '2025-01-15',
          valor_total: 'R$ 165,30',
          link_pagamento: 'https://pagar.exemplo.com.br/1',
        },
        0,
        'overdue',
      ),
    ).toEqual({
      ok: true,
      contact: {
        nome: 'João Silva',
        telefone: '+5511999999999',
        valorCents: 15000,
        valorTotalCents: 16530,
        dataVencimento: '2025-01-15',
        codigoPix: null,
        linkPagamento: 'https://pagar.exemplo.com.br/1',
        titulo: null,
        mensagem: null,
        observacoes: null,
      },
    });
  });

  it.each([
    [
      'overdue without valor',
      'overdue',
      { nome: 'A', telefone: '+5511999999999', data_vencimento: '2025-01-15' },
      ['valor'],
    ],
    [
      'notification without mensagem',
      'notification',
      { nome: 'A', telefone: '+5511999999999', titulo: 'x' },
      ['mensagem'],
    ],
    [
      'an unknown field',
      'notification',
      { nome: 'A', telefone: '+5511999999999', titulo: 'x', mensagem: 'y', foo: 1 },
      ['foo'],
    ],
    [
      'a javascript: link',
      'notification',
      {
        nome: 'A',
        telefone: '+5511999999999',
        titulo: 'x',
        mensagem: 'y',
        link_pagamento: 'javascript:alert(1)',
      },
      ['link_pagamento'],
    ],
    [
      'a number as nome',
      'notification',
      { nome: 5, telefone: '+5511999999999', titulo: 'x', mensagem: 'y' },
      ['nome'],
    ],
    ['an array row', 'overdue', [], ['']],
  ] as const)('refuses %s', (_what, type, row, fields) => {
    const parsed = parseContact(row, 3, type);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect([...new Set(parsed.problems.map((p) => p.field))].sort()).toEqual([...fields].sort());
      expect(parsed.problems.every((p) => p.index === 3)).toBe(true);
    }
  });
});
