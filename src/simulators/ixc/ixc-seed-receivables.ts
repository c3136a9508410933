import { randomInt, type Random } from '../host/prng';
import { IntColumn, MoneyColumn } from './ixc-columns';
import { DateColumn, DateTimeColumn } from './ixc-date-columns';
import { EnumColumn } from './ixc-text-columns';
import type { ContractFacts } from './ixc-seed-contracts';
import { dayUpdate, weighted } from './ixc-seed-random';
import type { IxcTable } from './ixc-table';
import { PAYMENT_KINDS } from './ixc-tables';
import { SECONDS_PER_DAY } from './ixc-time';

/**
 * Monthly invoices: each contract is billed on its due day for a run of consecutive months ending two
 * months ahead (or a few months back for cancelled contracts). Ids follow billing order (month, then
 * contract), as an ERP's nightly billing run would create them.
 */
export function seedReceivables(
  table: IxcTable,
  contractsTable: IxcTable,
  random: Random,
  count: number,
  contracts: ContractFacts,
  today: number,
): void {
  if (count === 0) return;
  const months = Math.max(15, Math.ceil(count / contracts.count) + 3);
  const lastMonth = 2;
  const firstMonth = lastMonth - months + 1;
  const invoices = invoiceCounts(random, count, contracts, months);
  const end = new Int8Array(contracts.count);
  const pastDue = new Uint8Array(contracts.count);
  const anchor = new Date(today * SECONDS_PER_DAY * 1000);
  const [year, month, dayOfMonth] = [anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate()];
  for (let c = 0; c < contracts.count; c++) {
    const earliestEnd = firstMonth + invoices[c] - 1;
    end[c] = contracts.ended[c]
      ? Math.max(earliestEnd, Math.min(lastMonth, -randomInt(random, 1, 8)))
      : lastMonth;
    // Invoices already due: every month before this one, plus this month's if its day has passed.
    const startMonth = end[c] - invoices[c] + 1;
    const pastMonths = Math.max(0, Math.min(end[c], -1) - startMonth + 1);
    const thisMonth = startMonth <= 0 && end[c] >= 0 && contracts.dueDay[c] < dayOfMonth ? 1 : 0;
    pastDue[c] = invoices[c] === 0 ? 0 : pastMonths + thisMonth;
  }

  const first = table.append(count);
  const columns = receivableColumns(table);
  const paidUntil = new Int32Array(contracts.count).fill(-1);
  const seen = new Uint8Array(contracts.count);
  let row = first;
  for (let m = firstMonth; m <= lastMonth; m++) {
    for (let c = 0; c < contracts.count; c++) {
      if (m > end[c] || m < end[c] - invoices[c] + 1) continue;
      // Due days past a month's end fall on its last day (the 31st is the 30th, or the 28th in February).
      const lastDay = new Date(Date.UTC(year, month + m + 1, 0)).getUTCDate();
      const due = Math.floor(Date.UTC(year, month + m, Math.min(contracts.dueDay[c], lastDay)) / 86_400_000);
      const overdueIndex = due < today ? seen[c]++ : -1;
      const open = overdueIndex >= 0 && pastDue[c] - overdueIndex <= contracts.arrears[c];
      const paidDay = writeReceivable(columns, random, row, c, contracts, due, today, open);
      if (paidDay !== undefined) paidUntil[c] = Math.max(paidUntil[c], due);
      row++;
    }
  }
  const pagoAte = contractsTable.typed('pago_ate_data', DateColumn);
  for (let c = 0; c < contracts.count; c++) if (paidUntil[c] >= 0) pagoAte.setDay(c, paidUntil[c]);
}

/** Invoices per contract summing to `count`, proportional to each contract's weight, at most `months`. */
function invoiceCounts(random: Random, count: number, contracts: ContractFacts, months: number): Int32Array {
  const counts = new Int32Array(contracts.count);
  const totalWeight = contracts.weight.reduce((sum, weight) => sum + weight, 0);
  let assigned = 0;
  for (let c = 0; c < contracts.count; c++) {
    counts[c] = Math.min(months, Math.floor((count * contracts.weight[c]) / totalWeight));
    assigned += counts[c];
  }
  for (let c = randomInt(random, 0, contracts.count - 1); assigned < count; c = (c + 1) % contracts.count) {
    if (counts[c] < months) {
      counts[c]++;
      assigned++;
    }
  }
  return counts;
}

type ReceivableColumns = ReturnType<typeof receivableColumns>;

function receivableColumns(table: IxcTable) {
  const money = (name: string) => table.typed(name, MoneyColumn);
  const date = (name: string) => table.typed(name, DateColumn);
  const status = table.typed('status', EnumColumn);
  const payment = table.typed('tipo_recebimento', EnumColumn);
  return {
    table,
    idCliente: table.typed('id_cliente', IntColumn),
    idContrato: table.typed('id_contrato', IntColumn),
    filial: table.typed('filial_id', EnumColumn),
    status,
    statusCodes: Object.fromEntries(['A', 'R', 'C', 'P'].map((s) => [s, status.codeOf(s)])),
    liberado: table.typed('liberado', EnumColumn),
    valor: money('valor'),
    aberto: money('valor_aberto'),
    recebido: money('valor_recebido'),
    cancelado: money('valor_cancelado'),
    emissao: date('data_emissao'),
    vencimento: date('data_vencimento'),
    pagamento: date('pagamento_data'),
    cancelamento: date('data_cancelamento'),
    payment,
    paymentCodes: PAYMENT_KINDS.map((kind) => payment.codeOf(kind)),
    updated: table.typed('ultima_atualizacao', DateTimeColumn),
  };
}

/** Writes one invoice; returns its payment day when it is (fully) paid. */
function writeReceivable(
  col: ReceivableColumns,
  random: Random,
  row: number,
  contract: number,
  contracts: ContractFacts,
  due: number,
  today: number,
  open: boolean,
): number | undefined {
  const cents = contracts.cents[contract];
  const emitted = Math.min(today, due - randomInt(random, 10, 20));
  col.idCliente.set(row, contracts.customer[contract]);
  col.idContrato.set(row, contract + 1);
  col.filial.write(row, String(contracts.branch[contract]));
  col.valor.setCents(row, cents);
  col.emissao.setDay(row, emitted);
  col.vencimento.setDay(row, due);
  if (random() < 0.02) col.liberado.write(row, 'N');

  let status: 'A' | 'R' | 'C' | 'P';
  if (due >= today) status = random() < 0.05 ? 'R' : random() < 0.02 ? 'C' : 'A';
  else if (open) status = random() < 0.1 ? 'P' : 'A';
  else status = random() < 0.06 ? 'C' : 'R';

  col.status.setCode(row, col.statusCodes[status]);
  let eventDay = emitted;
  let paidDay: number | undefined;
  if (status === 'R' || status === 'P') {
    const received = status === 'R' ? cents : Math.round(cents * (0.3 + random() * 0.4));
    eventDay = Math.max(emitted, Math.min(today - 1, due + randomInt(random, -5, 12)));
    col.recebido.setCents(row, received);
    col.aberto.setCents(row, cents - received);
    col.pagamento.setDay(row, eventDay);
    col.payment.setCode(row, col.paymentCodes[weighted(random, [0.15, 0.45, 0.3, 0.05, 0.05])]);
    if (status === 'R') paidDay = eventDay;
  } else if (status === 'C') {
    eventDay = Math.max(emitted, Math.min(today - 1, due - randomInt(random, 0, 10)));
    col.cancelado.setCents(row, cents);
    col.cancelamento.setDay(row, eventDay);
  } else {
    col.aberto.setCents(row, cents);
  }
  col.updated.setSeconds(row, dayUpdate(random, today, eventDay));
  return paidDay;
}
