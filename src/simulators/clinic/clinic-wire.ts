import type { Request, Response } from 'express';
import type { ClinicaRecord, PacienteEntry } from './clinic-records';
import type { ClinicState } from './clinic-state';
import { isDay } from './clinic-time';

/** Laravel's answers (docs/integrations/clinic-api.md §5). */
export function unauthenticated(res: Response): void {
  res.status(401).json({ message: 'Unauthenticated.' });
}

function invalid(res: Response, errors: Record<string, string[]>): void {
  const [first] = Object.values(errors);
  const more = Object.keys(errors).length - 1;
  res.status(422).json({
    message: `${first![0]}${more > 0 ? ` (and ${more} more error${more > 1 ? 's' : ''})` : ''}`,
    errors,
  });
}

export function authenticated(state: ClinicState, req: Request): boolean {
  const token = req.query.api_token;
  return typeof token === 'string' && state.tokens.has(token);
}

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();

function positiveInt(value: unknown, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  return typeof value === 'string' && /^\d{1,9}$/.test(value) && Number(value) > 0
    ? Number(value)
    : undefined;
}

/** `GET /clinica`: search by name, Laravel paginator. */
export function searchClinics(state: ClinicState, req: Request, res: Response, baseUrl: string): void {
  const page = positiveInt(req.query.page, 1);
  const perPage = positiveInt(req.query.per_page, 15);
  const errors: Record<string, string[]> = {};
  if (page === undefined) errors.page = ['The page field must be an integer.'];
  if (perPage === undefined || perPage > 100)
    errors.per_page = ['The per page field must be between 1 and 100.'];
  if (Object.keys(errors).length > 0) return invalid(res, errors);
  const search = typeof req.query.search === 'string' ? fold(req.query.search) : '';
  const ativo = req.query.ativo === undefined ? undefined : String(req.query.ativo);
  const idClinica = req.query.idClinica === undefined ? undefined : Number(req.query.idClinica);
  const matches = [...state.clinics.values()].filter(
    (c) =>
      (search === '' || fold(c.nomeClinica).includes(search)) &&
      (ativo === undefined || String(c.ativo) === ativo) &&
      (idClinica === undefined || c.idClinica === idClinica),
  );
  res.json(paginator(matches, page!, perPage!, `${baseUrl}/clinica`));
}

export function clinicById(state: ClinicState, req: Request, res: Response): void {
  const id = /^\d{1,9}$/.test(String(req.params.id)) ? Number(req.params.id) : NaN;
  const clinic = state.clinics.get(id);
  if (!clinic) {
    res.status(404).json({ message: 'Clínica não encontrada.' });
    return;
  }
  res.json(clinic);
}

function paginator<T>(items: T[], page: number, perPage: number, path: string) {
  const total = items.length;
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const url = (p: number) => `${path}?page=${p}`;
  const from = slice.length === 0 ? null : (page - 1) * perPage + 1;
  return {
    current_page: page,
    data: slice,
    first_page_url: url(1),
    from,
    last_page: lastPage,
    last_page_url: url(lastPage),
    links: [
      { url: page > 1 ? url(page - 1) : null, label: '&laquo; Previous', active: false },
      ...Array.from({ length: Math.min(lastPage, 10) }, (_, i) => ({
        url: url(i + 1),
        label: String(i + 1),
        active: i + 1 === page,
      })),
      { url: page < lastPage ? url(page + 1) : null, label: 'Next &raquo;', active: false },
    ],
    next_page_url: page < lastPage ? url(page + 1) : null,
    path,
    per_page: perPage,
    prev_page_url: page > 1 ? url(page - 1) : null,
    to: from === null ? null : from + slice.length - 1,
    total,
  };
}

/**
 * `GET /relatorio/inadimplencia`: every patient-contract of the clinic with an installment due in the window,
 * with the installments of that window. Without `page`/`per_page` everything comes at once (what the seed
 * expects); with them, a page and Laravel's paging fields.
 */
export function delinquencyReport(state: ClinicState, req: Request, res: Response): void {
  const { idClinica, dataVencimentoInicio: from, dataVencimentoFim: to } = req.query;
  const errors: Record<string, string[]> = {};
  const clinicId =
    typeof idClinica === 'string' && /^\d{1,9}$/.test(idClinica) ? Number(idClinica) : undefined;
  if (clinicId === undefined) errors.idClinica = ['The id clinica field is required.'];
  if (!isDay(from)) errors.dataVencimentoInicio = ['The data vencimento inicio field must be a valid date.'];
  if (!isDay(to)) errors.dataVencimentoFim = ['The data vencimento fim field must be a valid date.'];
  else if (isDay(from) && to < from)
    errors.dataVencimentoFim = [
      'The data vencimento fim field must be a date after or equal to data vencimento inicio.',
    ];
  const paged = req.query.page !== undefined || req.query.per_page !== undefined;
  const page = positiveInt(req.query.page, 1);
  const perPage = positiveInt(req.query.per_page, 500);
  if (page === undefined) errors.page = ['The page field must be an integer.'];
  if (perPage === undefined || perPage > 1000)
    errors.per_page = ['The per page field must be between 1 and 1000.'];
  if (Object.keys(errors).length > 0) return invalid(res, errors);
  const clinic = state.clinics.get(clinicId!);
  if (!clinic) return invalid(res, { idClinica: ['The selected id clinica is invalid.'] });
  const matching: PacienteEntry[] = [];
  for (const entry of state.entries.get(clinic.idClinica) ?? []) {
    if (
      entry.parcelas.some((p) => p.dataVencimento >= (from as string) && p.dataVencimento <= (to as string))
    )
      matching.push(entry);
  }
  const slice = paged ? matching.slice((page! - 1) * perPage!, page! * perPage!) : matching;
  const data = slice.map((entry) => reportItem(entry, clinic, from as string, to as string));
  if (!paged) {
    res.json({ success: true, data });
    return;
  }
  res.json({
    success: true,
    data,
    current_page: page,
    per_page: perPage,
    total: matching.length,
    last_page: Math.max(1, Math.ceil(matching.length / perPage!)),
  });
}

function reportItem(entry: PacienteEntry, clinic: ClinicaRecord, from: string, to: string) {
  const parcelas = entry.parcelas.filter((p) => p.dataVencimento >= from && p.dataVencimento <= to);
  return {
    idPaciente: entry.idPaciente,
    nomePaciente: entry.nomePaciente,
    cpfPaciente: entry.cpfPaciente,
    dataNascimento: entry.dataNascimento,
    clinica: {
      idClinica: clinic.idClinica,
      nomeClinica: clinic.nomeClinica,
      idClinicaInicial: clinic.idClinica,
      nomeClinicaInicial: clinic.nomeClinica,
      statusTratamento: 'Em tratamento',
    },
    enderecos: entry.enderecos,
    contrato: entry.contrato,
    telefones: entry.telefones,
    parcelas,
    contatoHistorico: [],
  };
}
