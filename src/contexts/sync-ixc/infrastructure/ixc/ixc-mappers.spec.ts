import { IxcRecordError, toContract, toCustomer, toReceivable } from './ixc-mappers';
import type { IxcRaw } from '../../domain/ixc-records';

// Field names and value shapes from the official sample responses (integrations.md §1.7–1.9).
const customerRow = (overrides: IxcRaw = {}): IxcRaw => ({
  id: '145535',
  razao: 'Maria da Silva',
  fantasia: '',
  cnpj_cpf: '627.105.245-20',
  tipo_pessoa: 'F',
  ativo: 'S',
  email: 'maria@example.com',
  hotsite_email: 'portal@example.com',
  fone: '',
  telefone_celular: '(79) 99830-7232',
  telefone_comercial: '(79) 3211-1234',
  whatsapp: '(79) 9830-7232',
  filial_id: '1',
  cidade: '2611',
  ultima_atualizacao: '2024-05-02 10:11:12',
  senha: 'plaintext',
  hotsite_senha: 'plaintext',
  ...overrides,
});

describe('toCustomer', () => {
  it('maps the official sample, completing the WhatsApp 9th digit and dropping secrets', () => {
    const customer = toCustomer(customerRow());
    expect(customer).toEqual({
      id: '145535',
      name: 'Maria da Silva',
      tradeName: null,
      document: '62710524520',
      documentValid: true,
      personType: 'F',
      active: true,
      email: 'maria@example.com',
      mobilePhone: '+5579998307232',
      whatsapp: '+5579998307232',
      landline: '+557932111234',
      branchId: '1',
      updatedAt: '2024-05-02 10:11:12',
      raw: expect.objectContaining({ cidade: '2611', cnpj_cpf: '627.105.245-20' }),
    });
    expect(customer.raw).not.toHaveProperty('senha');
    expect(customer.raw).not.toHaveProperty('hotsite_senha');
  });

  it('falls back to the portal e-mail and derives the person type from the document', () => {
    const company = toCustomer(
      customerRow({ email: 'não tem', tipo_pessoa: '', cnpj_cpf: '11.222.333/0001-81', ativo: 'N' }),
    );
    expect(company).toMatchObject({
      email: 'portal@example.com',
      personType: 'J',
      document: '11222333000181',
      active: false,
    });
  });

  it('keeps invalid and empty values as such, never inventing them', () => {
    const customer = toCustomer(
      customerRow({
        cnpj_cpf: '111.111.111-11',
        telefone_celular: '9830-7232',
        whatsapp: '',
        telefone_comercial: '',
        email: '',
        hotsite_email: '',
        filial_id: '0',
        ultima_atualizacao: '0000-00-00 00:00:00',
      }),
    );
    expect(customer).toMatchObject({
      document: '11111111111',
      documentValid: false,
      mobilePhone: null,
      whatsapp: null,
      landline: null,
      email: null,
      branchId: null,
      updatedAt: null,
    });
    expect(toCustomer(customerRow({ cnpj_cpf: '' }))).toMatchObject({ document: null, documentValid: false });
  });

  it('refuses a row without an id', () => {
    expect(() => toCustomer(customerRow({ id: '' }))).toThrow(IxcRecordError);
  });
});

describe('toContract', () => {
  const contractRow = (overrides: IxcRaw = {}): IxcRaw => ({
    id: '2294',
    id_cliente: '3',
    id_filial: '1',
    contrato: 'Plano 300 Mega',
    status: 'A',
    status_internet: 'CA',
    status_velocidade: 'N',
    nao_bloquear_ate: '0000-00-00',
    desbloqueio_confianca_ativo: 'N',
    data_ativacao: '2023-01-15',
    ultima_atualizacao: '2024-05-02 10:11:12',
    ...overrides,
  });

  it('maps status, access status and dates', () => {
    expect(toContract(contractRow())).toEqual({
      id: '2294',
      customerId: '3',
      branchId: '1',
      plan: 'Plano 300 Mega',
      status: 'A',
      internetStatus: 'CA',
      speedStatus: 'N',
      doNotBlockUntil: null,
      trustUnlockActive: false,
      activatedAt: '2023-01-15',
      updatedAt: '2024-05-02 10:11:12',
      raw: contractRow(),
    });
  });

  it('keeps unknown status codes as sent and reads the trust-unlock flag', () => {
    expect(
      toContract(
        contractRow({
          status: 'C',
          status_internet: 'XX',
          desbloqueio_confianca_ativo: 'S',
          nao_bloquear_ate: '2024-06-01',
        }),
      ),
    ).toMatchObject({
      status: 'C',
      internetStatus: 'XX',
      trustUnlockActive: true,
      doNotBlockUntil: '2024-06-01',
    });
  });

  it('refuses a contract without its customer', () => {
    expect(() => toContract(contractRow({ id_cliente: '0' }))).toThrow(/id_cliente is empty/);
  });
});

describe('toReceivable', () => {
  const receivableRow = (overrides: IxcRaw = {}): IxcRaw => ({
    id: '88',
    id_cliente: '3',
    id_contrato: '2294',
    filial_id: '1',
    status: 'A',
    liberado: 'S',
    valor: '26.00',
    valor_aberto: '26.00',
    valor_recebido: '0.00',
    data_emissao: '2024-04-01',
    data_vencimento: '2024-04-10',
    pagamento_data: '0000-00-00',
    baixa_data: '',
    data_cancelamento: '0000-00-00',
    ultima_atualizacao: '2024-04-01 08:00:00',
    ...overrides,
  });

  it('maps money to cents and empty dates to null', () => {
    expect(toReceivable(receivableRow())).toEqual({
      id: '88',
      customerId: '3',
      contractId: '2294',
      branchId: '1',
      status: 'A',
      released: true,
      amountCents: 2600,
      openCents: 2600,
      receivedCents: 0,
      dueDate: '2024-04-10',
      issuedAt: '2024-04-01',
      paidAt: null,
      cancelledAt: null,
      boletoNumber: null,
      pixTxid: null,
      updatedAt: '2024-04-01 08:00:00',
      raw: receivableRow(),
    });
  });

  it('keeps the boleto "nosso número" and the PIX txid a payment is matched by', () => {
    const row = receivableRow({ nn_boleto: ' 00012345 ', pix_txid: 'E2E0123456789abcdef' });
    expect(toReceivable(row)).toMatchObject({ boletoNumber: '00012345', pixTxid: 'E2E0123456789abcdef' });
  });

  it('maps a partially paid receivable and falls back to pagamento_valor / baixa_data', () => {
    expect(
      toReceivable(
        receivableRow({
          status: 'P',
          valor: '1234.56',
          valor_aberto: '1000.01',
          valor_recebido: '',
          pagamento_valor: '234.55',
          pagamento_data: '',
          baixa_data: '2024-04-12',
          liberado: 'N',
          id_contrato: '0',
        }),
      ),
    ).toMatchObject({
      status: 'P',
      released: false,
      amountCents: 123456,
      openCents: 100001,
      receivedCents: 23455,
      paidAt: '2024-04-12',
      contractId: null,
    });
  });

  it('refuses a money field that is not a number, naming the field and the row', () => {
    expect(() => toReceivable(receivableRow({ valor_aberto: 'abc' }))).toThrow(
      expect.objectContaining({
        name: 'IxcRecordError',
        table: 'fn_areceber',
        rowId: '88',
        field: 'valor_aberto',
      }),
    );
  });
});
