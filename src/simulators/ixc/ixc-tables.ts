import { IntColumn, MoneyColumn, type Column } from './ixc-columns';
import { DateColumn, DateTimeColumn } from './ixc-date-columns';
import { DerivedColumn, EnumColumn, TextColumn } from './ixc-text-columns';
import { address, CITIES, hashInts } from './ixc-people';
import { IxcTable } from './ixc-table';

/**
 * The five IXC tables the product reads, with the official field names (integrations.md §1.7–1.10).
 * Fields nobody filters on and that follow from the id or the seed are derived on demand, which keeps
 * 500k receivables at a few dozen bytes each.
 */
export interface IxcTables {
  cliente: IxcTable;
  cliente_contrato: IxcTable;
  fn_areceber: IxcTable;
  su_oss_chamado: IxcTable;
  su_ticket: IxcTable;
}

export type IxcTableName = keyof IxcTables;
export const IXC_TABLE_NAMES: readonly IxcTableName[] = [
  'cliente',
  'cliente_contrato',
  'fn_areceber',
  'su_oss_chamado',
  'su_ticket',
];

export const CONTRACT_STATUSES = ['A', 'I', 'P', 'N', 'D'] as const;
export const INTERNET_STATUSES = ['A', 'D', 'CM', 'CA', 'FA', 'AA'] as const;
export const SPEED_STATUSES = ['N', 'R'] as const;
export const RECEIVABLE_STATUSES = ['A', 'R', 'C', 'P'] as const;
export const BRANCHES = ['1', '2', '3'] as const;
export const PLANS = [
  { id: '11', name: 'FIBRA 100MB', cents: 7990, tipo: 'I' },
  { id: '12', name: 'FIBRA 300MB', cents: 9990, tipo: 'I' },
  { id: '13', name: 'FIBRA 500MB', cents: 12990, tipo: 'I' },
  { id: '14', name: 'FIBRA 1GB', cents: 19990, tipo: 'I' },
  { id: '15', name: 'RADIO 20MB', cents: 6990, tipo: 'I' },
  { id: '16', name: 'EMPRESARIAL 600MB', cents: 24990, tipo: 'I' },
  { id: '21', name: 'VOIP ILIMITADO FIXO', cents: 3990, tipo: 'T' },
  { id: '22', name: 'VOIP 500 MINUTOS', cents: 2990, tipo: 'T' },
] as const;
export const PAYMENT_KINDS = ['Gateway', 'Pix', 'Boleto', 'Dinheiro', 'Cartão'] as const;

const YES_NO = ['S', 'N'] as const;

export function createTables(seed: number): IxcTables {
  const cliente = customerTable(seed);
  const cliente_contrato = contractTable(seed, cliente);
  return {
    cliente,
    cliente_contrato,
    fn_areceber: receivableTable(seed),
    su_oss_chamado: serviceOrderTable(),
    su_ticket: ticketTable(),
  };
}

function customerTable(seed: number): IxcTable {
  const razao = new TextColumn('razao');
  const tipoPessoa = new EnumColumn('tipo_pessoa', ['F', 'J'], 'F');
  const email = new TextColumn('email');
  const document = new TextColumn('cnpj_cpf');
  const cidade = new EnumColumn(
    'cidade',
    CITIES.map((city) => city.cidade),
    CITIES[0].cidade,
    'number',
  );
  const id = new IntColumn('id');
  const place = (row: number) => address(hashInts(seed, id.get(row), 1));
  const city = (row: number) => CITIES.find((c) => c.cidade === cidade.value(row)) ?? CITIES[0];
  const columns: Column[] = [
    id,
    razao,
    new TextColumn('fantasia'),
    tipoPessoa,
    document,
    new DerivedColumn('ie_identidade', (row) =>
      tipoPessoa.value(row) === 'F' ? String(hashInts(seed, id.get(row), 2) % 90_000_000) : 'ISENTO',
    ),
    new EnumColumn('ativo', YES_NO, 'S'),
    email,
    new DerivedColumn('hotsite_email', (row) => email.value(row)),
    new TextColumn('fone'),
    new TextColumn('telefone_celular'),
    new TextColumn('telefone_comercial'),
    new TextColumn('whatsapp'),
    new DerivedColumn('contato', (row) =>
      tipoPessoa.value(row) === 'F' ? razao.value(row).split(' ')[0] : '',
    ),
    new DerivedColumn('endereco', (row) => place(row).endereco),
    new DerivedColumn('numero', (row) => place(row).numero),
    DerivedColumn.constant('complemento', ''),
    new DerivedColumn('bairro', (row) => place(row).bairro),
    new DerivedColumn('cep', (row) => `${city(row).cep}0${place(row).cep.slice(0, 2)}-${place(row).cep}`),
    cidade,
    new DerivedColumn('uf', (row) => city(row).uf, 'number'),
    new EnumColumn('filial_id', BRANCHES, '1', 'number'),
    new DateColumn('data_cadastro'),
    new DateColumn('data_nascimento'),
    DerivedColumn.constant('id_tipo_cliente', '1', 'number'),
    DerivedColumn.constant('alerta', ''),
    DerivedColumn.constant('obs', ''),
    new EnumColumn('participa_cobranca', YES_NO, 'S'),
    new EnumColumn('cob_envia_email', YES_NO, 'S'),
    new EnumColumn('cob_envia_sms', YES_NO, 'S'),
    new DerivedColumn('hotsite_acesso', (row) => document.value(row).replace(/\D/g, '')),
    // Plaintext, as IXC serves it (integrations.md §1.4): clients must drop it at the edge.
    new DerivedColumn('senha', (row) => hashInts(seed, id.get(row), 3).toString(36).padStart(7, '0')),
    new DateTimeColumn('ultima_atualizacao'),
  ];
  return new IxcTable('cliente', columns, {
    totalAsNumber: true,
    required: ['razao', 'cnpj_cpf'],
  });
}

function contractTable(seed: number, customers: IxcTable): IxcTable {
  const id = new IntColumn('id');
  const idCliente = new IntColumn('id_cliente');
  const customerPlace = (row: number) => address(hashInts(seed, idCliente.get(row), 1));
  const customerValue = (field: string, row: number) => {
    const customerRow = customers.rowOf(idCliente.get(row));
    return customerRow === -1 ? '' : customers.column(field)!.value(customerRow);
  };
  const date = (name: string) => new DateColumn(name);
  const columns: Column[] = [
    id,
    new EnumColumn('tipo', ['I', 'T'], 'I'),
    idCliente,
    new EnumColumn(
      'id_vd_contrato',
      PLANS.map((plan) => plan.id),
      PLANS[0].id,
      'number',
    ),
    new EnumColumn(
      'contrato',
      PLANS.map((plan) => plan.name),
      PLANS[0].name,
    ),
    new EnumColumn('id_filial', BRANCHES, '1', 'number'),
    date('data'),
    date('data_ativacao'),
    date('data_renovacao'),
    date('pago_ate_data'),
    new EnumColumn('status', CONTRACT_STATUSES, 'P'),
    new EnumColumn('status_internet', INTERNET_STATUSES, 'AA'),
    new EnumColumn('status_velocidade', SPEED_STATUSES, 'N'),
    DerivedColumn.constant('id_carteira_cobranca', '1', 'number'),
    new EnumColumn('id_vendedor', ['1', '2', '3', '4'], '1', 'number'),
    DerivedColumn.constant('tipo_cobranca', 'P'),
    new EnumColumn('renovacao_automatica', YES_NO, 'S'),
    new EnumColumn('bloqueio_automatico', YES_NO, 'S'),
    date('nao_bloquear_ate'),
    new EnumColumn('aviso_atraso', YES_NO, 'S'),
    date('nao_avisar_ate'),
    new EnumColumn('desbloqueio_confianca', YES_NO, 'S'),
    new EnumColumn('desbloqueio_confianca_ativo', YES_NO, 'N'),
    new EnumColumn('liberacao_bloqueio_manual', YES_NO, 'N'),
    new EnumColumn('contrato_suspenso', YES_NO, 'N'),
    date('data_inicial_suspensao'),
    date('data_final_suspensao'),
    date('data_acesso_desativado'),
    new EnumColumn('motivo_cancelamento', ['0', '1', '2', '3', '4'], '0', 'number'),
    new EnumColumn(
      'obs_cancelamento',
      ['Mudou de cidade', 'Insatisfeito com o serviço', 'Inadimplência', 'Trocou de provedor'],
      '',
    ),
    date('data_negativacao'),
    date('dt_ult_bloq_auto'),
    date('dt_ult_bloq_manual'),
    date('dt_ult_finan_atraso'),
    date('dt_ult_des_bloq_conf'),
    date('dt_ult_ativacao'),
    new EnumColumn('num_parcelas_atraso', ['0', '1', '2', '3', '4', '5', '6'], '0', 'number'),
    new DerivedColumn('endereco', (row) => customerPlace(row).endereco),
    new DerivedColumn('numero', (row) => customerPlace(row).numero),
    new DerivedColumn('bairro', (row) => customerPlace(row).bairro),
    new DerivedColumn('cidade', (row) => customerValue('cidade', row), 'number'),
    new DerivedColumn('cep', (row) => customerValue('cep', row)),
    new DateTimeColumn('ultima_atualizacao'),
  ];
  return new IxcTable('cliente_contrato', columns, {
    totalAsNumber: false,
    required: ['id_cliente', 'id_vd_contrato'],
    references: { id_cliente: 'cliente' },
  });
}

function receivableTable(seed: number): IxcTable {
  const id = new IntColumn('id');
  const idContrato = new IntColumn('id_contrato');
  const valor = new MoneyColumn('valor');
  const valorRecebido = new MoneyColumn('valor_recebido');
  const vencimento = new DateColumn('data_vencimento');
  const pagamento = new DateColumn('pagamento_data');
  const tipoRecebimento = new EnumColumn('tipo_recebimento', PAYMENT_KINDS, '');
  const nossoNumero = (row: number) => String(10_000_000 + id.get(row)).padStart(10, '0');
  const columns: Column[] = [
    id,
    new IntColumn('id_cliente'),
    idContrato,
    DerivedColumn.constant('id_contrato_avulso', '0', 'number'),
    new DerivedColumn('id_contrato_principal', (row) => String(idContrato.get(row)), 'number'),
    new EnumColumn('filial_id', BRANCHES, '1', 'number'),
    new EnumColumn('status', RECEIVABLE_STATUSES, 'A'),
    new EnumColumn('liberado', YES_NO, 'S'),
    valor,
    new MoneyColumn('valor_aberto'),
    valorRecebido,
    new MoneyColumn('valor_cancelado'),
    new DateColumn('data_emissao'),
    vencimento,
    pagamento,
    new DerivedColumn('pagamento_valor', (row) => valorRecebido.value(row), 'number'),
    new DerivedColumn('baixa_data', (row) => pagamento.value(row), 'time'),
    new DerivedColumn('credito_data', (row) => pagamento.value(row), 'time'),
    new DateColumn('data_cancelamento'),
    new DerivedColumn('documento', (row) => String(id.get(row))),
    DerivedColumn.constant('nparcela', '1', 'number'),
    tipoRecebimento,
    DerivedColumn.constant('tipo_cobranca', 'B'),
    DerivedColumn.constant('id_carteira_cobranca', '1', 'number'),
    DerivedColumn.constant('id_conta', '1', 'number'),
    new DerivedColumn('nn_boleto', nossoNumero),
    new DerivedColumn('linha_digitavel', (row) =>
      digitableLine(nossoNumero(row), vencimento.day(row), valor.cents(row)),
    ),
    new DerivedColumn(
      'gateway_link',
      (row) => `https://pagamentos.provedor.example/fatura/${hashInts(seed, id.get(row), 4).toString(16)}`,
    ),
    DerivedColumn.constant('boleto', ''),
    new DerivedColumn(
      'pix_txid',
      (row) => `IXC${hashInts(seed, id.get(row), 5).toString(16).padStart(8, '0')}${nossoNumero(row)}`,
    ),
    new DerivedColumn('recebido_via_pix', (row) => (tipoRecebimento.value(row) === 'Pix' ? 'S' : 'N')),
    DerivedColumn.constant('previsao', 'N'),
    DerivedColumn.constant('id_renegociacao', '0', 'number'),
    DerivedColumn.constant('titulo_protestado', 'N'),
    DerivedColumn.constant('aguardando_confirmacao_pagamento', 'N'),
    DerivedColumn.constant('estornado', 'N'),
    DerivedColumn.constant('obs', ''),
    new DateTimeColumn('ultima_atualizacao'),
  ];
  return new IxcTable('fn_areceber', columns, {
    totalAsNumber: false,
    required: ['id_cliente', 'valor', 'data_vencimento'],
    // IXC recomputes these from the bank data; a PUT cannot change them (integrations.md §1.1).
    ignoredOnUpdate: ['linha_digitavel', 'gateway_link'],
    references: { id_cliente: 'cliente', id_contrato: 'cliente_contrato' },
  });
}

function serviceOrderTable(): IxcTable {
  const columns: Column[] = [
    new IntColumn('id'),
    new TextColumn('tipo', 'C'),
    new IntColumn('id_cliente'),
    new IntColumn('id_assunto'),
    new IntColumn('id_filial', '1'),
    new IntColumn('id_contrato_kit'),
    new IntColumn('id_login'),
    new IntColumn('setor', '1'),
    new IntColumn('id_tecnico'),
    new TextColumn('prioridade', 'N'),
    new TextColumn('mensagem'),
    new TextColumn('mensagem_resposta'),
    new TextColumn('status', 'A'),
    new TextColumn('protocolo'),
    new IntColumn('id_ticket'),
    new DateTimeColumn('data_abertura'),
    new DateTimeColumn('data_agenda'),
    new DateTimeColumn('data_fechamento'),
    new DateTimeColumn('data_final'),
    new TextColumn('status_sla', 'N'),
    new DateTimeColumn('ultima_atualizacao'),
  ];
  return new IxcTable('su_oss_chamado', columns, {
    totalAsNumber: false,
    required: ['id_cliente', 'id_assunto'],
    references: { id_cliente: 'cliente', id_contrato_kit: 'cliente_contrato' },
  });
}

function ticketTable(): IxcTable {
  const columns: Column[] = [
    new IntColumn('id'),
    new TextColumn('tipo', 'C'),
    new IntColumn('id_cliente'),
    new IntColumn('id_contrato'),
    new IntColumn('id_login'),
    new IntColumn('id_assunto'),
    new TextColumn('titulo'),
    // sic: IXC's field is spelt with a double "s"
    new TextColumn('menssagem'),
    new IntColumn('id_ticket_setor'),
    new IntColumn('id_responsavel_tecnico'),
    new TextColumn('prioridade', 'M'),
    new TextColumn('su_status', 'N'),
    new TextColumn('status', 'N'),
    new TextColumn('protocolo'),
    new TextColumn('id_ticket_origem', 'I'),
    new DateTimeColumn('data_criacao'),
    new DateTimeColumn('data_ultima_alteracao'),
    new TextColumn('cliente_telefone_celular'),
    new TextColumn('cliente_email'),
    new DateTimeColumn('ultima_atualizacao'),
  ];
  return new IxcTable('su_ticket', columns, {
    totalAsNumber: false,
    required: ['id_cliente', 'id_assunto', 'titulo'],
    references: { id_cliente: 'cliente', id_contrato: 'cliente_contrato' },
    acceptsGeLe: false,
  });
}

/** A plausible 47-digit boleto line from the nosso número, due date (FEBRABAN factor) and amount. */
function digitableLine(nossoNumero: string, dueDay: number | undefined, cents: number): string {
  // FEBRABAN's due-date factor counts days from 1997-10-07 (day 10141 since 1970).
  const factor = dueDay === undefined ? '0000' : String(((dueDay - 10_141) % 9000) + 1000).padStart(4, '0');
  const amount = String(Math.max(0, cents)).padStart(10, '0');
  const n = nossoNumero;
  return `34191.${n.slice(0, 5)} ${n.slice(5, 10)}.${n.slice(0, 1)}10001 ${n.slice(1, 6)}.${n.slice(6, 10)}00 1 ${factor}${amount}`;
}
