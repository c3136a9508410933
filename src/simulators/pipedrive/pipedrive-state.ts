import { deriveSeed, mulberry32, randomInt, type Random } from '../host/prng';

/** The token the demo tenant is configured with; Pipedrive API tokens are 40 hex characters. */
export const PIPEDRIVE_DEMO_CREDENTIALS = { apiToken: 'f3c1a9e2b7d4c6a8e0f2b4d6a8c0e2f4a6b8c0d2' } as const;
/** Kept bounded for long demo runs. */
export const MAX_PIPEDRIVE_RECORDS = 10_000;

export interface PipedrivePerson {
  id: number;
  name: string;
  owner_id: number;
  org_id: number | null;
  emails: Array<{ value: string; primary: boolean; label: string }>;
  phones: Array<{ value: string; primary: boolean; label: string }>;
  /** keyed by the field's 40-char hash, as v2 returns them */
  custom_fields: Record<string, string | null>;
  add_time: string;
  update_time: string;
}

export interface PipedriveDeal {
  id: number;
  title: string;
  owner_id: number;
  person_id: number | null;
  org_id: number | null;
  pipeline_id: number;
  stage_id: number;
  value: number;
  currency: string;
  add_time: string;
  update_time: string;
  status: 'open' | 'won' | 'lost' | 'deleted';
  is_deleted: boolean;
  is_archived: boolean;
  lost_reason: string | null;
  won_time: string | null;
  lost_time: string | null;
  close_time: string | null;
  expected_close_date: string | null;
  label_ids: number[];
  origin: string;
  custom_fields: Record<string, unknown>;
}

export interface PipedriveNote {
  id: number;
  content: string;
  deal_id: number | null;
  person_id: number | null;
  add_time: string;
}

export interface PipedriveStage {
  id: number;
  name: string;
  pipeline_id: number;
  order_nr: number;
}

export interface PipedriveState {
  apiToken: string;
  /** the person custom field "CPF/CNPJ" (varchar), keyed by its 40-char hash */
  documentFieldKey: string;
  persons: PipedrivePerson[];
  deals: PipedriveDeal[];
  notes: PipedriveNote[];
  pipelines: Array<{ id: number; name: string; active: boolean }>;
  stages: PipedriveStage[];
  nextId: { person: number; deal: number; note: number };
  /** Burst limits per token in a 2-second window: general and Search API (10 per 2 s). */
  rateLimit: { general: number; search: number; windowMs: number };
  windows: Map<string, { start: number; used: number }>;
  random: Random;
}

const FIRST = [
  'Ana',
  'Bruno',
  'Carla',
  'Diego',
  'Eduarda',
  'Felipe',
  'Gabriela',
  'Henrique',
  'Isabela',
  'João',
];
const LAST = ['Silva', 'Santos', 'Oliveira', 'Souza', 'Lima', 'Pereira', 'Costa', 'Almeida'];

/** A valid CPF (11 digits, both check digits computed) from the seeded stream. */
export function seededCpf(random: Random): string {
  const digits = Array.from({ length: 9 }, () => randomInt(random, 0, 9));
  for (const length of [9, 10]) {
    const sum = digits.slice(0, length).reduce((acc, d, i) => acc + d * (length + 1 - i), 0);
    const rest = (sum * 10) % 11;
    digits.push(rest === 10 ? 0 : rest);
  }
  return digits.join('');
}

function hexKey(random: Random): string {
  return Array.from({ length: 40 }, () => randomInt(random, 0, 15).toString(16)).join('');
}

/** When seeded records say they were added (fixed, so a seed always gives the same state). */
const SEEDED_AT = '2026-01-05T12:00:00Z';

export function createPipedriveState(seed: number): PipedriveState {
  const random = mulberry32(deriveSeed(seed, 'pipedrive'));
  const stamp = SEEDED_AT;
  const state: PipedriveState = {
    apiToken: PIPEDRIVE_DEMO_CREDENTIALS.apiToken,
    documentFieldKey: hexKey(random),
    persons: [],
    deals: [],
    notes: [],
    pipelines: [
      { id: 1, name: 'Vendas', active: true },
      { id: 2, name: 'Cobrança', active: true },
    ],
    stages: [
      { id: 1, name: 'Qualificado', pipeline_id: 1, order_nr: 1 },
      { id: 2, name: 'Proposta', pipeline_id: 1, order_nr: 2 },
      { id: 3, name: 'Novo caso', pipeline_id: 2, order_nr: 1 },
      { id: 4, name: 'Em negociação', pipeline_id: 2, order_nr: 2 },
      { id: 5, name: 'Acordo', pipeline_id: 2, order_nr: 3 },
    ],
    nextId: { person: 1, deal: 1, note: 1 },
    rateLimit: { general: 80, search: 10, windowMs: 2000 },
    windows: new Map(),
    random,
  };
  for (let i = 0; i < 12; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[randomInt(random, 0, LAST.length - 1)]}`;
    const person = addPerson(state, { name, document: seededCpf(random) }, stamp);
    // Every third seeded person already has an open deal in the sales pipeline.
    if (i % 3 === 0)
      addDeal(state, { title: `Plano empresarial — ${name}`, personId: person.id, value: 0 }, stamp);
  }
  return state;
}

/** The CPF/CNPJ person field key the simulator seeded for `seed` (what a demo tenant is configured with). */
export function pipedriveDocumentFieldKey(seed: number): string {
  return hexKey(mulberry32(deriveSeed(seed, 'pipedrive')));
}

export function addPerson(
  state: PipedriveState,
  input: { name: string; document?: string | null; email?: string | null; phone?: string | null },
  stamp: string,
): PipedrivePerson {
  const person: PipedrivePerson = {
    id: state.nextId.person++,
    name: input.name,
    owner_id: 1,
    org_id: null,
    emails: input.email ? [{ value: input.email, primary: true, label: 'work' }] : [],
    phones: input.phone ? [{ value: input.phone, primary: true, label: 'mobile' }] : [],
    custom_fields: { [state.documentFieldKey]: input.document ?? null },
    add_time: stamp,
    update_time: stamp,
  };
  state.persons.push(person);
  if (state.persons.length > MAX_PIPEDRIVE_RECORDS) state.persons.shift();
  return person;
}

export function addDeal(
  state: PipedriveState,
  input: {
    title: string;
    personId: number | null;
    value: number;
    currency?: string;
    pipelineId?: number;
    stageId?: number;
    status?: PipedriveDeal['status'];
  },
  stamp: string,
): PipedriveDeal {
  const stageId = input.stageId ?? state.stages.find((s) => s.pipeline_id === (input.pipelineId ?? 1))!.id;
  const deal: PipedriveDeal = {
    id: state.nextId.deal++,
    title: input.title,
    owner_id: 1,
    person_id: input.personId,
    org_id: null,
    pipeline_id: input.pipelineId ?? state.stages.find((s) => s.id === stageId)!.pipeline_id,
    stage_id: stageId,
    value: input.value,
    currency: input.currency ?? 'BRL',
    add_time: stamp,
    update_time: stamp,
    status: input.status ?? 'open',
    is_deleted: false,
    is_archived: false,
    lost_reason: null,
    won_time: null,
    lost_time: null,
    close_time: null,
    expected_close_date: null,
    label_ids: [],
    origin: 'API',
    custom_fields: {},
  };
  state.deals.push(deal);
  if (state.deals.length > MAX_PIPEDRIVE_RECORDS) state.deals.shift();
  return deal;
}

export function inspectPipedrive(state: PipedriveState) {
  return {
    apiToken: state.apiToken,
    documentFieldKey: state.documentFieldKey,
    rateLimit: state.rateLimit,
    pipelines: state.pipelines,
    stages: state.stages,
    persons: state.persons,
    deals: state.deals,
    notes: state.notes,
  };
}

export type PipedriveData = ReturnType<typeof inspectPipedrive>;
