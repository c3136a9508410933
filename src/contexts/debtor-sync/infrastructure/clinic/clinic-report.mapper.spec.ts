import { MalformedReportItemError, mapReportItem, wireDate } from './clinic-report.mapper';

const item = {
  idPaciente: 500001,
  nomePaciente: 'Ana Silva',
  cpfPaciente: '529.982.247-25',
  dataNascimento: '2012-04-05',
  telefones: { telefoneCelular: '(11) 98765-4321', telefoneResidencial: null, email: 'ANA@example.com' },
  contrato: {
    idContrato: 800001,
    versaoContrato: 2,
    valorContratoFinal: '1200.00',
    realizarCobrancaAmigavel: true,
  },
  parcelas: [
    {
      idContratoParcela: 3000001,
      numeroParcela: 1,
      dataVencimento: '2026-01-10T00:00:00',
      valorParcela: '100.00',
      nomeStatusFinanceiro: 'Compensado',
      pagante: {
        nomePagante: 'Mãe da Ana',
        contato: { telefoneCelular: '11 91234-5678' },
        grauParentesco: 'Mãe',
      },
    },
    {
      idContratoParcela: 3000002,
      numeroParcela: 2,
      dataVencimento: '2026-02-10',
      valorParcela: 'x',
      nomeStatusFinanceiro: 'Status Inicial',
    },
  ],
};

describe('clinic report mapping', () => {
  it('text loses control characters and broken UTF-16 (the mirror writes jsonb, which refuses both)', () => {
    const mapped = mapReportItem(
      {
        ...item,
        nomePaciente: 'Ana\u0000 \ud800Silva \udc00',
        contrato: { ...item.contrato, nomeFormaPagamento: '\ud83d\ude00 Pix' },
      },
      'clinic-uuid',
      '2026-02-01',
    );
    expect(mapped.patient.name).toBe('Ana  \ufffdSilva \ufffd');
    expect(mapped.contract.paymentMethod).toBe('\ud83d\ude00 Pix');
  });

  it('maps a patient, its contract and installments; a malformed installment is skipped and counted', () => {
    const mapped = mapReportItem(item, 'clinic-uuid', '2026-02-01');
    expect(mapped.patient).toMatchObject({
      id: '500001',
      cpf: '52998224725',
      cpfValid: true,
      birthDate: '2012-04-05',
      email: 'ana@example.com',
      mobilePhone: '+5511987654321',
      responsibleName: 'Mãe da Ana',
      responsiblePhone: '+5511912345678',
      responsibleRelation: 'Mãe',
    });
    expect(mapped.contract).toMatchObject({ id: '800001', status: 'active', version: 2, totalCents: 120000 });
    expect(mapped.installments).toEqual([
      expect.objectContaining({ id: '3000001', dueDate: '2026-01-10', amountCents: 10000, status: 'paid' }),
    ]);
    expect(mapped.rejected).toBe(1);
  });

  it('a contract with friendly dunning off is dunning_disabled; an invalid CPF is kept null, not rejected', () => {
    const mapped = mapReportItem(
      { ...item, cpfPaciente: '123', contrato: { ...item.contrato, realizarCobrancaAmigavel: false } },
      'c',
      '2026-02-01',
    );
    expect(mapped.contract.status).toBe('dunning_disabled');
    expect(mapped.patient).toMatchObject({ cpf: null, cpfValid: false });
  });

  it('an item without ids cannot be mirrored', () => {
    expect(() => mapReportItem({ ...item, idPaciente: null }, 'c', '2026-02-01')).toThrow(
      MalformedReportItemError,
    );
  });

  it.each([
    ['2026-01-10', '2026-01-10'],
    ['2026-01-10 12:00:00', '2026-01-10'],
    ['0000-00-00', null],
    ['10/01/2026', null],
    [20260110, null],
  ])('wire date %p → %p', (input, expected) => {
    expect(wireDate(input)).toBe(expected);
  });
});
