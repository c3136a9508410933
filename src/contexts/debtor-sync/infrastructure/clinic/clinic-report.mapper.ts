import { normalizeCpf } from '../../domain/cpf';
import { classifyInstallment } from '../../domain/installment-status';
import type { InstallmentRow, MappedEntry } from '../../domain/mirror-rows';
import { toCents } from '../../domain/money';
import { normalizeEmail, toE164 } from '../../domain/phone';
import type { WireInstallment, WirePayer, WireReportItem } from './clinic-wire';

/** A report item that cannot be mirrored at all (no patient or contract id). */
export class MalformedReportItemError extends Error {
  override name = 'MalformedReportItemError';
}

const id = (value: unknown): string | null =>
  (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) ||
  (typeof value === 'string' && /^\d{1,15}$/.test(value) && Number(value) > 0)
    ? String(Number(value))
    : null;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const text = (value: unknown, max = 200): string | null => {
  if (typeof value !== 'string') return null;
  // Control characters out, lone surrogates made U+FFFD: the mirror's writes travel as jsonb, which
  // refuses NUL and broken UTF-16.
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f]/g, ' ').trim();
  return clean === '' ? null : clean.slice(0, max).replace(LONE_SURROGATE, '\ufffd');
};

/** `yyyy-mm-dd`, `yyyy-mm-ddThh:mm:ss…` or `yyyy-mm-dd hh:mm:ss` → the date part; placeholders → null. */
export function wireDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$/.exec(value.trim());
  if (!match || match[1]!.startsWith('0000')) return null;
  return isNaN(Date.parse(`${match[1]}T00:00:00Z`)) ? null : match[1]!;
}

/** One report item (a patient with one contract) → mirror rows; bad installments are skipped and counted. */
export function mapReportItem(item: WireReportItem, clinicId: string, today: string): MappedEntry {
  const patientId = id(item.idPaciente);
  const contractId = id(item.contrato?.idContrato);
  if (!patientId || !contractId)
    throw new MalformedReportItemError('report item without idPaciente or idContrato');
  const phones = item.telefones ?? {};
  const rawParcelas = Array.isArray(item.parcelas) ? (item.parcelas as WireInstallment[]) : [];
  const payer = rawParcelas.find((p) => p?.pagante)?.pagante ?? null;
  const cpf = normalizeCpf(typeof item.cpfPaciente === 'string' ? item.cpfPaciente : null);
  const friendly = item.contrato?.realizarCobrancaAmigavel !== false;
  const installments: InstallmentRow[] = [];
  let rejected = 0;
  for (const raw of rawParcelas) {
    const row = installmentRow(raw, clinicId, contractId, patientId, today);
    if (row) installments.push(row);
    else rejected += 1;
  }
  return {
    patient: {
      id: patientId,
      clinicId,
      name: text(item.nomePaciente) ?? `Paciente ${patientId}`,
      cpf,
      cpfValid: cpf !== null,
      birthDate: wireDate(item.dataNascimento),
      email: normalizeEmail(text(phones.email)),
      mobilePhone: toE164(text(phones.telefoneCelular)),
      homePhone: toE164(text(phones.telefoneResidencial)),
      workPhone: toE164(text(phones.telefoneComercial)),
      contactName: text(phones.nomeContato),
      contactPhone: toE164(text(phones.telefoneContato)),
      ...responsible(payer),
    },
    contract: {
      id: contractId,
      clinicId,
      patientId,
      version: typeof item.contrato?.versaoContrato === 'number' ? item.contrato.versaoContrato : null,
      status: friendly ? 'active' : 'dunning_disabled',
      friendlyDunning: friendly,
      paymentMethod: text(item.contrato?.nomeFormaPagamento),
      totalCents: toCents(item.contrato?.valorContratoFinal),
    },
    installments,
    rejected,
  };
}

function installmentRow(
  raw: WireInstallment | null,
  clinicId: string,
  contractId: string,
  patientId: string,
  today: string,
): InstallmentRow | null {
  const installmentId = id(raw?.idContratoParcela);
  const dueDate = wireDate(raw?.dataVencimento);
  const amountCents = toCents(raw?.valorParcela);
  if (!raw || !installmentId || !dueDate || amountCents === null) return null;
  const rawStatus = text(raw.nomeStatusFinanceiro) ?? '';
  return {
    id: installmentId,
    clinicId,
    contractId,
    patientId,
    number:
      typeof raw.numeroParcela === 'number' && Number.isInteger(raw.numeroParcela) ? raw.numeroParcela : 0,
    dueDate,
    amountCents,
    rawStatus,
    status: classifyInstallment(rawStatus, dueDate, today),
    paymentMethod: text(raw.nomeFormaPagamento),
  };
}

/** The payer of the installments, when given: the responsible person of a minor. */
function responsible(payer: WirePayer | null) {
  const contact = payer?.contato ?? {};
  return {
    responsibleName: text(payer?.nomePagante),
    responsiblePhone: toE164(text(contact.telefoneCelular)) ?? toE164(text(contact.telefoneResidencial)),
    responsibleEmail: normalizeEmail(text(contact.email)),
    responsibleRelation: text(payer?.grauParentesco),
  };
}
