import { deriveSeed, mulberry32, randomInt, type Random } from '../host/prng';
import { IntColumn } from './ixc-columns';
import { DateTimeColumn } from './ixc-date-columns';
import { TextColumn } from './ixc-text-columns';
import { seedContracts, type ContractFacts } from './ixc-seed-contracts';
import { seedCustomers } from './ixc-seed-customers';
import { seedReceivables } from './ixc-seed-receivables';
import type { IxcSettings } from './ixc-settings';
import type { IxcTable } from './ixc-table';
import type { IxcTables } from './ixc-tables';
import { protocol, SECONDS_PER_DAY } from './ixc-time';

/**
 * Deterministic data for a seed, a size and an anchor day ("today" in the server's time zone): the
 * same inputs always give the same rows. Contract statuses and open receivables agree with each other
 * (a CA contract owes the invoices that blocked it), and every `ultima_atualizacao` falls in the year
 * before the anchor, none in the future.
 */
export function seedIxc(tables: IxcTables, seed: number, sizes: IxcSettings, today: number): void {
  const customers = seedCustomers(tables.cliente, stream(seed, 'cliente'), sizes.customers, today);
  const contracts = seedContracts(
    tables.cliente_contrato,
    stream(seed, 'cliente_contrato'),
    sizes.contracts,
    customers,
    today,
  );
  seedReceivables(
    tables.fn_areceber,
    tables.cliente_contrato,
    stream(seed, 'fn_areceber'),
    sizes.receivables,
    contracts,
    today,
  );
  seedServiceOrders(tables.su_oss_chamado, stream(seed, 'su_oss_chamado'), contracts, today);
}

function stream(seed: number, label: string): Random {
  return mulberry32(deriveSeed(seed, `ixc:${label}`));
}

/** A handful of service orders across the official status codes (integrations.md §1.10). */
const SERVICE_ORDERS: [string, string][] = [
  ['Cliente sem conexão desde ontem', 'A'],
  ['Troca de equipamento (ONU queimada)', 'AG'],
  ['Mudança de endereço', 'EN'],
  ['Lentidão no horário de pico', 'AN'],
  ['Recolhimento de equipamento - contrato cancelado', 'EX'],
  ['Reparo de fibra rompida', 'F'],
  ['Instalação de ponto adicional', 'A'],
  ['Cliente relata quedas frequentes', 'AN'],
  ['Retirada de equipamento por inadimplência', 'AG'],
  ['Configuração de roteador', 'F'],
];

function seedServiceOrders(table: IxcTable, random: Random, contracts: ContractFacts, today: number): void {
  const count = Math.min(SERVICE_ORDERS.length, contracts.count);
  if (count === 0) return;
  const first = table.append(count);
  const int = (name: string) => table.typed(name, IntColumn);
  const text = (name: string) => table.typed(name, TextColumn);
  const opened = table.typed('data_abertura', DateTimeColumn);
  const closed = table.typed('data_fechamento', DateTimeColumn);
  for (let i = 0; i < count; i++) {
    const row = first + i;
    const contract = randomInt(random, 0, contracts.count - 1);
    const [message, status] = SERVICE_ORDERS[i];
    const openedAt =
      (today - randomInt(random, 1, 30)) * SECONDS_PER_DAY + randomInt(random, 8 * 3600, 18 * 3600);
    int('id_cliente').set(row, contracts.customer[contract]);
    int('id_contrato_kit').set(row, contract + 1);
    int('id_assunto').set(row, randomInt(random, 1, 12));
    int('id_filial').set(row, contracts.branch[contract]);
    text('mensagem').write(row, message);
    text('status').write(row, status);
    text('protocolo').write(row, protocol(openedAt, row + 1));
    opened.setSeconds(row, openedAt);
    if (status === 'F') closed.setSeconds(row, openedAt + randomInt(random, 3600, 3 * SECONDS_PER_DAY));
    table.updatedAt.setSeconds(
      row,
      Math.min(today * SECONDS_PER_DAY - 60, openedAt + randomInt(random, 60, 2 * SECONDS_PER_DAY)),
    );
  }
}
