import { randomInt, type Random } from '../host/prng';
import { IntColumn } from './ixc-columns';
import { DateColumn } from './ixc-date-columns';
import { EnumColumn } from './ixc-text-columns';
import type { CustomerFacts } from './ixc-seed-customers';
import { dayUpdate, pastUpdate, weighted, YEAR_DAYS } from './ixc-seed-random';
import type { IxcTable } from './ixc-table';
import { PLANS } from './ixc-tables';

/** What receivables need to know about each contract. */
export interface ContractFacts {
  count: number;
  customer: Int32Array;
  branch: Uint8Array;
  cents: Int32Array;
  dueDay: Uint8Array;
  /** how many of the latest past-due invoices are still open */
  arrears: Uint8Array;
  /** D/I contracts stop being billed a few months before the anchor */
  ended: Uint8Array;
  weight: Float64Array;
}

const STATUS_WEIGHTS: [string, number][] = [
  ['A', 0.78],
  ['D', 0.1],
  ['I', 0.05],
  ['N', 0.04],
  ['P', 0.03],
];

/** `status_internet` given the contract `status`, weighted like a real ISP base. */
const INTERNET_BY_STATUS: Record<string, [string, number][]> = {
  A: [
    ['A', 0.8],
    ['CA', 0.08],
    ['FA', 0.06],
    ['CM', 0.03],
    ['AA', 0.03],
  ],
  D: [
    ['D', 0.95],
    ['CA', 0.05],
  ],
  I: [
    ['D', 0.9],
    ['CM', 0.1],
  ],
  N: [
    ['CA', 0.6],
    ['D', 0.4],
  ],
  P: [
    ['AA', 0.85],
    ['A', 0.15],
  ],
};

/** The due days an ISP offers; a few contracts instead fall due relative to the anchor (below). */
const DUE_DAYS = [5, 10, 15, 20, 25];
/** Days from the anchor to the next due date of every 8th up-to-date contract, in turn. */
const UPCOMING_OFFSETS = [1, 2, 3, 4, 5];
/** Age of the latest overdue invoice of every 4th contract in arrears, in turn (older ones are 30+). */
const OVERDUE_AGES = [3, 7, 15];

export function seedContracts(
  table: IxcTable,
  random: Random,
  count: number,
  customers: CustomerFacts,
  today: number,
): ContractFacts {
  const facts: ContractFacts = {
    count,
    customer: new Int32Array(count),
    branch: new Uint8Array(count),
    cents: new Int32Array(count),
    dueDay: new Uint8Array(count),
    arrears: new Uint8Array(count),
    ended: new Uint8Array(count),
    weight: new Float64Array(count),
  };
  if (count === 0) return facts;
  const first = table.append(count);
  const enumOf = (name: string) => table.typed(name, EnumColumn);
  const dateOf = (name: string) => table.typed(name, DateColumn);
  const idCliente = table.typed('id_cliente', IntColumn);
  const [tipo, plano, contrato, filial, status, internet, velocidade] = [
    'tipo',
    'id_vd_contrato',
    'contrato',
    'id_filial',
    'status',
    'status_internet',
    'status_velocidade',
  ].map(enumOf);
  const [
    bloqueioAutomatico,
    avisoAtraso,
    confianca,
    confiancaAtiva,
    motivo,
    obsCancelamento,
    parcelasAtraso,
  ] = [
    'bloqueio_automatico',
    'aviso_atraso',
    'desbloqueio_confianca',
    'desbloqueio_confianca_ativo',
    'motivo_cancelamento',
    'obs_cancelamento',
    'num_parcelas_atraso',
  ].map(enumOf);
  const [data, ativacao, renovacao, naoBloquear, desativado, negativacao] = [
    'data',
    'data_ativacao',
    'data_renovacao',
    'nao_bloquear_ate',
    'data_acesso_desativado',
    'data_negativacao',
  ].map(dateOf);
  const [bloqAuto, bloqManual, finanAtraso, desbConf, ultAtivacao] = [
    'dt_ult_bloq_auto',
    'dt_ult_bloq_manual',
    'dt_ult_finan_atraso',
    'dt_ult_des_bloq_conf',
    'dt_ult_ativacao',
  ].map(dateOf);
  const internetPlans = PLANS.filter((plan) => plan.tipo === 'I');
  const voipPlans = PLANS.filter((plan) => plan.tipo === 'T');
  // Whatever the anchor day, the demo has invoices due in each of the next 5 days and overdue by
  // exactly 3, 7 and 15 days (what a reminder cadence needs to show), not only on the fixed due days.
  let upToDate = 0;
  let inArrears = 0;

  for (let i = 0; i < count; i++) {
    const row = first + i;
    // Every customer gets a contract first; the rest go to random customers (second services).
    const customer = i < customers.count ? i : randomInt(random, 0, customers.count - 1);
    const isVoip = random() < 0.15;
    const plan = isVoip
      ? voipPlans[randomInt(random, 0, voipPlans.length - 1)]
      : internetPlans[weighted(random, [0.25, 0.35, 0.2, 0.08, 0.07, 0.05])];
    const contractStatus =
      STATUS_WEIGHTS[
        weighted(
          random,
          STATUS_WEIGHTS.map(([, w]) => w),
        )
      ][0];
    const internetChoices = INTERNET_BY_STATUS[contractStatus];
    const internetStatus =
      internetChoices[
        weighted(
          random,
          internetChoices.map(([, w]) => w),
        )
      ][0];
    const start = Math.min(today - 1, customers.since[customer] + randomInt(random, 0, 60));
    const activated = contractStatus === 'P' ? undefined : Math.min(today, start + randomInt(random, 0, 10));
    const arrears = arrearsFor(random, contractStatus, internetStatus);

    facts.customer[i] = customer + 1;
    facts.branch[i] = customers.branch[customer];
    facts.cents[i] = plan.cents;
    facts.arrears[i] = arrears;
    facts.ended[i] = contractStatus === 'D' || contractStatus === 'I' ? 1 : 0;
    const regularDueDay = DUE_DAYS[randomInt(random, 0, DUE_DAYS.length - 1)];
    let offset: number | undefined;
    if (!facts.ended[i] && arrears === 0 && upToDate++ % 8 === 0) {
      offset = UPCOMING_OFFSETS[(upToDate >> 3) % UPCOMING_OFFSETS.length];
    } else if (!facts.ended[i] && arrears > 0 && inArrears++ % 4 === 0) {
      offset = -OVERDUE_AGES[(inArrears >> 2) % OVERDUE_AGES.length];
    }
    facts.dueDay[i] = offset === undefined ? regularDueDay : dayOfMonth(today + offset);
    facts.weight[i] = contractStatus === 'P' ? 0.1 : 0.5 + random();

    idCliente.set(row, customer + 1);
    tipo.write(row, plan.tipo);
    plano.write(row, plan.id);
    contrato.write(row, plan.name);
    filial.write(row, String(customers.branch[customer]));
    status.write(row, contractStatus);
    internet.write(row, internetStatus);
    if ((internetStatus === 'FA' && random() < 0.5) || random() < 0.02) velocidade.write(row, 'R');
    parcelasAtraso.write(row, String(arrears));
    data.setDay(row, start);
    ativacao.setDay(row, activated);
    ultAtivacao.setDay(row, activated);
    renovacao.setDay(row, activated === undefined ? undefined : activated + YEAR_DAYS);
    if (random() < 0.05) bloqueioAutomatico.write(row, 'N');
    if (random() < 0.05) avisoAtraso.write(row, 'N');
    if (random() < 0.1) confianca.write(row, 'N');
    // A promise to pay: blocking suspended until a date, usually soon.
    if (random() < 0.05) naoBloquear.setDay(row, today + randomInt(random, -10, 15));

    // Each status leaves the date fields its action would have written.
    const eventDay = today - randomInt(random, 1, 40);
    if (internetStatus === 'CA') bloqAuto.setDay(row, eventDay);
    if (internetStatus === 'CM') bloqManual.setDay(row, eventDay);
    if (internetStatus === 'FA') finanAtraso.setDay(row, eventDay);
    if (internetStatus === 'D') desativado.setDay(row, eventDay - randomInt(random, 0, 200));
    if (contractStatus === 'N') negativacao.setDay(row, eventDay);
    if (contractStatus === 'D') {
      motivo.write(row, String(randomInt(random, 1, 4)));
      obsCancelamento.setCode(row, randomInt(random, 1, 4));
    }
    if (internetStatus === 'A' && arrears > 0 && random() < 0.2) {
      confiancaAtiva.write(row, 'S');
      desbConf.setDay(row, today - randomInt(random, 0, 3));
    }
    const changed = internetStatus === 'A' || internetStatus === 'AA' ? undefined : eventDay;
    table.updatedAt.setSeconds(
      row,
      changed === undefined ? pastUpdate(random, today, start) : dayUpdate(random, today, changed),
    );
  }
  return facts;
}

function arrearsFor(random: Random, status: string, internet: string): number {
  if (status === 'N') return randomInt(random, 2, 6);
  switch (internet) {
    case 'A':
      return random() < 0.1 ? 1 : 0;
    case 'FA':
      return randomInt(random, 1, 2);
    case 'CA':
      return randomInt(random, 1, 3);
    case 'CM':
      return randomInt(random, 1, 4);
    case 'D':
      return random() < 0.4 ? randomInt(random, 1, 3) : 0;
    default:
      return 0;
  }
}

/** Day of the month (1–31) of a day number. */
function dayOfMonth(day: number): number {
  return new Date(day * 86_400_000).getUTCDate();
}
