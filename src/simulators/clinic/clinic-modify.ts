import { mulberry32 } from '../host/prng';
import { SimulatorInputError } from '../host/simulator';
import type { PacienteEntry, PaganteRecord, TelefonesRecord } from './clinic-records';
import { clinicRecord } from './clinic-seed';
import { addEntry, type ClinicState } from './clinic-state';
import { formatCents, isDay } from './clinic-time';

export const CLINIC_MODIFY_ACTIONS = [
  'addClinic',
  'addPatient',
  'setInstallment',
  'setTokens',
  'entries',
  'mutateFraction',
] as const;

type Body = Record<string, unknown>;

/**
 * `POST {control}/data` `{action, ...}`:
 * - `addClinic {nomeClinica, ativo?}` → `{idClinica}`
 * - `addPatient {idClinica, nomePaciente, cpfPaciente?, dataNascimento?, telefones?, pagante?,
 *   realizarCobrancaAmigavel?, parcelas: [{dataVencimento, valorParcela, nomeStatusFinanceiro?}]}`
 *   → `{idPaciente, idContrato, parcelas: [idContratoParcela]}`
 * - `setInstallment {idContratoParcela, nomeStatusFinanceiro?, valorParcela?, dataVencimento?}`
 * - `setTokens {tokens: [..]}` (an empty list makes every call 401)
 * - `entries {idClinica}` → the clinic's report entries (all installments)
 * - `mutateFraction {fraction, seed?}` → about that fraction of installments change (open ones past due are
 *   paid, the others get R$ 1,00 more) → `{changed}`
 */
export function modifyClinic(state: ClinicState, input: unknown): unknown {
  const body = object(input, 'body');
  switch (body.action) {
    case 'addClinic': {
      const name = text(body.nomeClinica, 'nomeClinica');
      const id = state.ids.clinic++;
      const record = clinicRecord(id, name, state.clinics.size);
      if (body.ativo !== undefined) record.ativo = body.ativo === 0 ? 0 : 1;
      state.clinics.set(id, record);
      state.entries.set(id, []);
      return { idClinica: id };
    }
    case 'addPatient':
      return addPatient(state, body);
    case 'setInstallment': {
      const found = state.installments.get(Number(body.idContratoParcela));
      if (!found) throw new SimulatorInputError(`no installment ${String(body.idContratoParcela)}`);
      if (body.nomeStatusFinanceiro !== undefined)
        found.parcela.nomeStatusFinanceiro = text(body.nomeStatusFinanceiro, 'nomeStatusFinanceiro');
      if (body.valorParcela !== undefined) found.parcela.valorParcela = money(body.valorParcela);
      if (body.dataVencimento !== undefined) found.parcela.dataVencimento = day(body.dataVencimento);
      return { ...found.parcela };
    }
    case 'setTokens': {
      if (!Array.isArray(body.tokens) || body.tokens.some((t) => typeof t !== 'string'))
        throw new SimulatorInputError('tokens must be a list of strings');
      state.tokens.clear();
      for (const token of body.tokens as string[]) state.tokens.add(token);
      return { tokens: state.tokens.size };
    }
    case 'entries': {
      const list = state.entries.get(Number(body.idClinica));
      if (!list) throw new SimulatorInputError(`no clinic ${String(body.idClinica)}`);
      return list;
    }
    case 'mutateFraction': {
      const fraction = Number(body.fraction);
      if (!(fraction > 0 && fraction <= 1)) throw new SimulatorInputError('fraction must be in (0, 1]');
      const random = mulberry32(
        typeof body.seed === 'number' ? body.seed : state.seed + state.installments.size,
      );
      let changed = 0;
      for (const { parcela } of state.installments.values()) {
        if (random() >= fraction) continue;
        const open = ['Não Compensado', 'Status Inicial', 'Enviado ao Financeiro'].includes(
          parcela.nomeStatusFinanceiro,
        );
        if (open) parcela.nomeStatusFinanceiro = 'Compensado';
        else parcela.valorParcela = formatCents(Math.round(Number(parcela.valorParcela) * 100) + 100);
        changed += 1;
      }
      return { changed };
    }
    default:
      throw new SimulatorInputError(`unknown action; one of ${CLINIC_MODIFY_ACTIONS.join(', ')}`);
  }
}

function addPatient(state: ClinicState, body: Body) {
  const idClinica = Number(body.idClinica);
  if (!state.clinics.has(idClinica)) throw new SimulatorInputError(`no clinic ${String(body.idClinica)}`);
  if (!Array.isArray(body.parcelas)) throw new SimulatorInputError('parcelas must be a list');
  const idPaciente = state.ids.patient++;
  const phones = body.telefones === undefined ? {} : object(body.telefones, 'telefones');
  const telefones: TelefonesRecord = {
    telefoneResidencial: optionalText(phones.telefoneResidencial),
    telefoneCelular: optionalText(phones.telefoneCelular),
    telefoneComercial: optionalText(phones.telefoneComercial),
    telefoneContato: optionalText(phones.telefoneContato),
    nomeContato: optionalText(phones.nomeContato),
    email: optionalText(phones.email),
  };
  const pagante =
    body.pagante === undefined || body.pagante === null ? null : payer(object(body.pagante, 'pagante'));
  const parcelas = (body.parcelas as unknown[]).map((raw, n) => {
    const p = object(raw, 'parcela');
    return {
      idContratoParcela: state.ids.installment++,
      numeroParcela: n + 1,
      dataVencimento: day(p.dataVencimento),
      valorParcela: money(p.valorParcela),
      nomeStatusFinanceiro:
        p.nomeStatusFinanceiro === undefined
          ? 'Status Inicial'
          : text(p.nomeStatusFinanceiro, 'nomeStatusFinanceiro'),
      possivelCompensado: false,
      nomeFormaPagamento: 'Boleto',
      parcelaUnica: (body.parcelas as unknown[]).length === 1,
      nomeInstituicao: null,
      nomeStatus: null,
      pagante,
    };
  });
  const entry: PacienteEntry = {
    idPaciente,
    nomePaciente: text(body.nomePaciente, 'nomePaciente'),
    cpfPaciente: body.cpfPaciente === undefined ? '' : String(body.cpfPaciente),
    dataNascimento: body.dataNascimento === undefined ? null : day(body.dataNascimento),
    idClinica,
    enderecos: {
      logradouro: 'Rua A',
      numero: '1',
      complemento: null,
      bairro: null,
      cidade: 'São Paulo',
      estado: 'SP',
      cep: '01001-000',
    },
    telefones,
    contrato: {
      idContrato: state.ids.contract++,
      versaoContrato: 1,
      quantidadeParcelasFaltantes: parcelas.length,
      valorInadimplente: '0.00',
      valorContratoFinal: '0.00',
      dataContrato: parcelas[0]?.dataVencimento ?? '2026-01-01',
      primeiroFaturamento: parcelas[0]?.dataVencimento ?? null,
      obsNegociacao: null,
      nomeFormaPagamento: 'Boleto',
      realizarGestaoRecebiveis: true,
      realizarCobrancaAmigavel: body.realizarCobrancaAmigavel !== false,
    },
    parcelas,
  };
  addEntry(state, entry);
  return {
    idPaciente,
    idContrato: entry.contrato.idContrato,
    parcelas: parcelas.map((p) => p.idContratoParcela),
  };
}

function payer(raw: Body): PaganteRecord {
  const contato = raw.contato === undefined ? {} : object(raw.contato, 'pagante.contato');
  return {
    nomePagante: text(raw.nomePagante, 'pagante.nomePagante'),
    contato: {
      telefoneResidencial: optionalText(contato.telefoneResidencial),
      telefoneCelular: optionalText(contato.telefoneCelular),
      telefoneComercial: optionalText(contato.telefoneComercial),
      email: optionalText(contato.email),
    },
    endereco: {},
    dataNascimento: null,
    documentoPagante: optionalText(raw.documentoPagante),
    tipoDocumento: 'CPF',
    grauParentesco: optionalText(raw.grauParentesco),
  };
}

function object(value: unknown, field: string): Body {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SimulatorInputError(`${field} must be a JSON object`);
  return value as Body;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new SimulatorInputError(`${field} must be a non-empty string`);
  return value;
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function day(value: unknown): string {
  if (!isDay(value)) throw new SimulatorInputError('dates must be yyyy-mm-dd');
  return value;
}

/** Cents (integer) or a decimal string in reais. */
function money(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return formatCents(value);
  if (typeof value === 'string' && /^\d+(\.\d{1,2})?$/.test(value)) return value;
  throw new SimulatorInputError('valorParcela must be integer cents or a decimal string');
}
