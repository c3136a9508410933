import { writeOffBody } from './write-off';

describe('writeOffBody', () => {
  it.each([
    ['pix', 'Pix'],
    ['boleto', 'Gateway'],
    ['card', 'Gateway'],
    ['other', 'Gateway'],
  ])('a %s payment is received as %s, dated dd/mm/yyyy, in a decimal string', (method, kind) => {
    const body = writeOffBody({
      receivableId: '42',
      amountCents: 9990,
      paidOn: '2026-12-03',
      method,
      branchId: '1',
      accountId: '7',
      history: 'Pagamento via Régua',
    });
    expect(body).toMatchObject({
      id_receber: '42',
      filial_id: '1',
      id_conta: '7',
      tipo_recebimento: kind,
      data: '03/12/2026',
      valor_parcela: '99.90',
      valor_total_recebido: '99.90',
      previsao: 'N',
    });
    expect(Object.values(body).every((v) => typeof v === 'string')).toBe(true);
  });
});
