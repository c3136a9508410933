import { SimulatorInputError } from '../host/simulator';
import { createIxcState, type IxcState } from './ixc-state';
import type { IxcTableName } from './ixc-tables';

const SMALL = { customers: 40, contracts: 50, receivables: 400 };

function rows(state: IxcState, table: IxcTableName): Record<string, string>[] {
  const t = state.tables[table];
  return Array.from({ length: t.size }, (_, row) => t.record(row));
}

function countBy(records: Record<string, string>[], field: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records) counts[record[field]] = (counts[record[field]] ?? 0) + 1;
  return counts;
}

function cpfValid(masked: string): boolean {
  const digits = masked.replace(/\D/g, '').split('').map(Number);
  const check = (length: number) => {
    const sum = digits.slice(0, length).reduce((acc, digit, i) => acc + digit * (length + 1 - i), 0);
    return ((sum * 10) % 11) % 10;
  };
  return check(9) === digits[9] && check(10) === digits[10];
}

const localNow = () =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'America/Sao_Paulo',
    dateStyle: 'short',
    timeStyle: 'medium',
  }).format(new Date());

describe('IXC simulator seed data', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const [a, b, other] = [createIxcState(5, SMALL), createIxcState(5, SMALL), createIxcState(6, SMALL)];
    for (const table of ['cliente', 'cliente_contrato', 'fn_areceber', 'su_oss_chamado'] as const) {
      expect(rows(a, table)).toEqual(rows(b, table));
      expect(rows(a, table)).not.toEqual(rows(other, table));
    }
  });

  describe('at the demo size', () => {
    const state = createIxcState(1);
    const customers = rows(state, 'cliente');
    const contracts = rows(state, 'cliente_contrato');
    const receivables = rows(state, 'fn_areceber');

    it('seeds 300 customers, 360 contracts and 3000 receivables, a few service orders and no tickets', () => {
      expect([customers.length, contracts.length, receivables.length]).toEqual([300, 360, 3000]);
      expect(state.tables.su_oss_chamado.size).toBeGreaterThan(0);
      expect(state.tables.su_ticket.size).toBe(0);
    });

    it('covers every contract status and access status, weighted like a real base', () => {
      const status = countBy(contracts, 'status');
      const internet = countBy(contracts, 'status_internet');
      expect(Object.keys(status).sort()).toEqual(['A', 'D', 'I', 'N', 'P']);
      expect(Object.keys(internet).sort()).toEqual(['A', 'AA', 'CA', 'CM', 'D', 'FA']);
      expect(status.A / contracts.length).toBeGreaterThan(0.6);
      expect(internet.A / contracts.length).toBeGreaterThan(0.5);
      expect(countBy(contracts, 'nao_bloquear_ate')['0000-00-00'] / contracts.length).toBeGreaterThan(0.85);
      expect(Object.keys(countBy(contracts, 'status_velocidade')).sort()).toEqual(['N', 'R']);
    });

    it('keeps receivable amounts consistent with their status', () => {
      expect(Object.keys(countBy(receivables, 'status')).sort()).toEqual(['A', 'C', 'P', 'R']);
      expect(countBy(receivables, 'liberado').S / receivables.length).toBeGreaterThan(0.9);
      const cents = (value: string) => Math.round(Number(value) * 100);
      for (const r of receivables) {
        const [valor, aberto, recebido, cancelado] = [
          r.valor,
          r.valor_aberto,
          r.valor_recebido,
          r.valor_cancelado,
        ].map(cents);
        expect(aberto + recebido + cancelado).toBe(valor);
        if (r.status === 'A') expect(aberto).toBe(valor);
        if (r.status === 'R') expect([recebido, r.pagamento_data !== '0000-00-00']).toEqual([valor, true]);
        if (r.status === 'C')
          expect([cancelado, r.data_cancelamento !== '0000-00-00']).toEqual([valor, true]);
        if (r.status === 'P') expect(recebido > 0 && aberto > 0).toBe(true);
        if (r.status === 'A') expect(r.pagamento_data).toBe('0000-00-00');
      }
    });

    it('spreads due dates over the last 12 months and the next 2, and updates over the last year', () => {
      const today = localNow().slice(0, 10);
      const shift = (months: number) => {
        const date = new Date(`${today}T00:00:00Z`);
        date.setUTCMonth(date.getUTCMonth() + months, 1);
        return date.toISOString().slice(0, 10);
      };
      const dues = receivables.map((r) => r.data_vencimento).sort();
      expect(dues[0] >= shift(-12)).toBe(true);
      expect(dues[dues.length - 1] < shift(3)).toBe(true);
      expect(dues.filter((due) => due < today).length / dues.length).toBeGreaterThan(0.6);
      expect(dues.some((due) => due > today)).toBe(true);

      const yearAgo = shift(-13);
      const now = localNow();
      for (const record of [...customers, ...contracts, ...receivables]) {
        expect(record.ultima_atualizacao).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
        expect(record.ultima_atualizacao > yearAgo && record.ultima_atualizacao < now).toBe(true);
      }
    });

    it('owes money where access is blocked: CA/CM/FA contracts have overdue open receivables', () => {
      const today = localNow().slice(0, 10);
      const overdue = new Set(
        receivables
          .filter((r) => (r.status === 'A' || r.status === 'P') && r.data_vencimento < today)
          .map((r) => r.id_contrato),
      );
      const blocked = contracts.filter(
        (c) => ['CA', 'CM', 'FA'].includes(c.status_internet) && c.status === 'A',
      );
      const owing = blocked.filter((c) => overdue.has(c.id));
      expect(owing.length / blocked.length).toBeGreaterThan(0.8);
    });

    it('masks CPF/CNPJ and phones like real IXC data, ~7% of mobiles without the 9th digit', () => {
      const people = customers.filter((c) => c.tipo_pessoa === 'F');
      const companies = customers.filter((c) => c.tipo_pessoa === 'J');
      expect(people.every((c) => /^\d{3}\.\d{3}\.\d{3}-\d{2}$/.test(c.cnpj_cpf))).toBe(true);
      expect(companies.length).toBeGreaterThan(0);
      expect(companies.every((c) => /^\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}$/.test(c.cnpj_cpf))).toBe(true);
      expect(people.filter((c) => cpfValid(c.cnpj_cpf)).length / people.length).toBeGreaterThan(0.9);

      const mobiles = customers.map((c) => c.telefone_celular).filter(Boolean);
      expect(mobiles.length / customers.length).toBeGreaterThan(0.97);
      expect(mobiles.every((phone) => /^\(\d{2}\) 9?\d{4}-\d{4}$/.test(phone))).toBe(true);
      const eightDigits =
        mobiles.filter((phone) => /^\(\d{2}\) \d{4}-\d{4}$/.test(phone)).length / mobiles.length;
      expect(eightDigits).toBeGreaterThan(0.03);
      expect(eightDigits).toBeLessThan(0.12);
      expect(customers.filter((c) => c.whatsapp).length / customers.length).toBeGreaterThan(0.95);
      expect(customers.filter((c) => c.fone).length / customers.length).toBeLessThan(0.1);
      expect(customers.every((c) => /^\d+$/.test(c.cidade))).toBe(true);
    });
  });

  it.each(['2026-01-03', '2026-01-27', '2026-02-26', '2026-03-02', '2026-12-31'])(
    'whatever the anchor (%s), has open invoices due in each of the next 5 days and overdue by 3, 7, 15 and 30+ days',
    (today) => {
      const receivables = rows(createIxcState(1, { today }), 'fn_areceber');
      const offsets = new Set(
        receivables
          .filter((r) => ['A', 'P'].includes(r.status) && r.liberado === 'S' && Number(r.valor_aberto) > 0)
          .map((r) => Math.round((Date.parse(r.data_vencimento) - Date.parse(today)) / 86_400_000)),
      );
      for (const offset of [1, 2, 3, 4, 5, -3, -7, -15])
        expect([offset, offsets.has(offset)]).toEqual([offset, true]);
      expect([...offsets].some((offset) => offset <= -30)).toBe(true);
    },
  );

  it('gives most customers an e-mail, a mobile and a WhatsApp, and a few none', () => {
    const customers = rows(createIxcState(1), 'cliente');
    const share = (field: string) => customers.filter((c) => c[field]).length / customers.length;
    expect(share('email')).toBeGreaterThan(0.75);
    expect(share('email')).toBeLessThan(1);
    expect(customers.filter((c) => c.email).every((c) => /^[^@\s]+@[^@\s]+\.[a-z.]+$/.test(c.email))).toBe(
      true,
    );
    expect(share('telefone_celular')).toBeGreaterThan(0.97);
    expect(share('whatsapp')).toBeGreaterThan(0.95);
  });

  it('validates its settings (numbers or numeric strings; no unknown keys)', () => {
    expect(createIxcState(1, { customers: '3', contracts: 3, receivables: 0 }).settings).toEqual({
      customers: 3,
      contracts: 3,
      receivables: 0,
    });
    expect(() => createIxcState(1, { customer: 3 })).toThrow(SimulatorInputError);
    expect(() => createIxcState(1, { customers: -1 })).toThrow(/between 0 and/);
    expect(() => createIxcState(1, { customers: 0, contracts: 1 })).toThrow(/at least one customer/);
    expect(() => createIxcState(1, { contracts: 0, receivables: 5 })).toThrow(/at least one contract/);
    expect(() => createIxcState(1, { today: '15/06/2025' })).toThrow(/yyyy-mm-dd/);
  });
});
