import type { EntityManager } from 'typeorm';

/** The CRM's view of a person and a deal (Pipedrive's, through its anti-corruption layer). */
export interface CrmPerson {
  id: string;
  name: string;
}

export interface CrmDeal {
  id: string;
  title: string;
  personId: string | null;
  status: string;
}

/** What the tenant configured: which person field holds the CPF/CNPJ, and whether/where to create deals. */
export interface CrmConfig {
  documentFieldKey: string;
  createDeals: boolean;
  pipelineId: number | null;
  stageId: number | null;
}

/** The tenant's CRM. Methods throw `CrmUnavailableError` (with `retryAfterMs` on 429). */
export abstract class Crm {
  /** null when the tenant has no CRM configured; `tx`: read inside a consumer's transaction */
  abstract config(tenantId: string, tx?: EntityManager): Promise<CrmConfig | null>;
  abstract findPersonByDocument(
    tenantId: string,
    config: CrmConfig,
    document: string,
  ): Promise<CrmPerson | null>;
  abstract openDealsOf(tenantId: string, personId: string): Promise<CrmDeal[]>;
  /** deals whose title holds `marker` (how a retry finds the deal an earlier attempt created) */
  abstract dealsMarked(tenantId: string, marker: string): Promise<CrmDeal[]>;
  abstract createPerson(
    tenantId: string,
    config: CrmConfig,
    person: { name: string; document: string | null },
  ): Promise<CrmPerson>;
  abstract createDeal(
    tenantId: string,
    config: CrmConfig,
    deal: { title: string; personId: string; valueCents: number },
  ): Promise<CrmDeal>;
  abstract addNote(tenantId: string, dealId: string, content: string): Promise<void>;
}
