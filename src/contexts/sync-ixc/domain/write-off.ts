/** IXC `tipo_recebimento` per payment method (integrations.md §1.8 shows "Gateway" and "Pix"). */
const RECEIPT_KIND: Record<string, string> = { pix: 'Pix', boleto: 'Gateway', card: 'Gateway' };

export interface WriteOffInput {
  receivableId: string;
  amountCents: number;
  /** YYYY-MM-DD, in the tenant's calendar */
  paidOn: string;
  method: string;
  branchId: string | null;
  accountId: string;
  /** shown in IXC's history of the receipt */
  history: string;
}

/**
 * The body of `fn_areceber_recebimentos_baixas_novo` (docs/integrations/payments.md §4): strings only,
 * the date as dd/mm/yyyy, money as a decimal string.
 */
export function writeOffBody(input: WriteOffInput): Record<string, string> {
  const [y, m, d] = input.paidOn.split('-');
  const value = (input.amountCents / 100).toFixed(2);
  return {
    id_receber: input.receivableId,
    filial_id: input.branchId ?? '',
    id_conta: input.accountId,
    conta_: input.accountId,
    tipo_recebimento: RECEIPT_KIND[input.method] ?? 'Gateway',
    data: `${d}/${m}/${y}`,
    valor_parcela: value,
    valor_total_recebido: value,
    credito: value,
    debito: value,
    previsao: 'N',
    tipo_lanc: 'R',
    historico: input.history.slice(0, 200),
  };
}
