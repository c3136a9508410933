import type { ClinicaRecord, PacienteEntry, ParcelaRecord } from './clinic-records';
import {
  FIRST_CLINIC_ID,
  FIRST_CONTRACT_ID,
  FIRST_INSTALLMENT_ID,
  FIRST_PATIENT_ID,
  seedClinic,
  type Ids,
} from './clinic-seed';
import { parseClinicSettings, type ClinicSettings } from './clinic-settings';
import { clinicToday } from './clinic-time';

/** The demo's API token (sent as the `api_token` query parameter, docs/integrations/clinic-api.md §1). */
export const CLINIC_DEMO_CREDENTIALS = { apiToken: 'clinic-demo-7f3c9a1e5b2d4f6a8c0e2b4d6f8a0c2e' } as const;

export interface ClinicState {
  readonly seed: number;
  readonly settings: ClinicSettings;
  readonly clinics: Map<number, ClinicaRecord>;
  /** report entries by clinic, in id order */
  readonly entries: Map<number, PacienteEntry[]>;
  readonly installments: Map<number, { entry: PacienteEntry; parcela: ParcelaRecord }>;
  readonly tokens: Set<string>;
  readonly ids: Ids;
  /** wire requests by route kind, faulted ones included */
  readonly requests: Map<string, number>;
  clock: () => Date;
}

export function createClinicState(seed: number, rawSettings?: Record<string, unknown>): ClinicState {
  const settings = parseClinicSettings(rawSettings);
  const ids: Ids = {
    clinic: FIRST_CLINIC_ID,
    patient: FIRST_PATIENT_ID,
    contract: FIRST_CONTRACT_ID,
    installment: FIRST_INSTALLMENT_ID,
  };
  const { clinics, entries } = seedClinic(settings, seed, settings.today ?? clinicToday(new Date()), ids);
  const state: ClinicState = {
    seed,
    settings,
    clinics: new Map(clinics.map((c) => [c.idClinica, c])),
    entries: new Map(clinics.map((c) => [c.idClinica, []])),
    installments: new Map(),
    tokens: new Set([CLINIC_DEMO_CREDENTIALS.apiToken]),
    ids,
    requests: new Map(),
    clock: () => new Date(),
  };
  for (const entry of entries) addEntry(state, entry);
  return state;
}

export function addEntry(state: ClinicState, entry: PacienteEntry): void {
  state.entries.get(entry.idClinica)!.push(entry);
  for (const parcela of entry.parcelas) state.installments.set(parcela.idContratoParcela, { entry, parcela });
}

export function inspectClinic(state: ClinicState) {
  let patients = 0;
  for (const list of state.entries.values()) patients += list.length;
  return {
    counts: { clinics: state.clinics.size, patients, installments: state.installments.size },
    clinics: [...state.clinics.values()].map((c) => ({
      idClinica: c.idClinica,
      nomeClinica: c.nomeClinica,
      ativo: c.ativo,
    })),
    requests: Object.fromEntries(state.requests),
    settings: state.settings,
  };
}

export type ClinicData = ReturnType<typeof inspectClinic>;
