import type { OpenBillingItem } from '../../lib/types';

const HEADER = [
  'fatura',
  'vencimento',
  'dias_em_atraso',
  'valor',
  'valor_em_aberto',
  'cliente_id',
  'cliente',
  'documento',
  'celular',
  'contrato',
  'status_contrato',
  'status_internet',
  'filial',
];

/** A cell as spreadsheets expect it (RFC 4180), neutralising formulas (`=`, `+`, `-`, `@` first). */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\n\r,]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const money = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

export function toCsv(items: OpenBillingItem[]): string {
  const rows = items.map((i) =>
    [
      i.receivableId,
      i.dueDate,
      i.daysOverdue,
      money(i.amountCents),
      money(i.openCents),
      i.customer.id,
      i.customer.name,
      i.customer.document,
      i.customer.mobilePhone,
      i.contract?.id,
      i.contract?.status,
      i.contract?.internetStatus,
      i.branchId,
    ]
      .map(csvCell)
      .join(';'),
  );
  // `;` separates and `,` is the decimal mark, as pt-BR spreadsheets read it; the BOM tells Excel it is UTF-8.
  return `\uFEFF${[HEADER.join(';'), ...rows].join('\r\n')}\r\n`;
}

export function download(name: string, content: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
