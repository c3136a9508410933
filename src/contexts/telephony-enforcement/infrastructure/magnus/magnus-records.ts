/**
 * A MagnusBilling user (`pkg_user`, integrations.md §2.5) as the enforcement context needs it. Built from a
 * row without secrets; the password never reaches this record.
 */
export interface MagnusUser {
  id: number;
  username: string;
  /**
   * 1 active, 0 inactive, 2 pending, 3 blocked in, 4 blocked in+out (§2.5). `null` when Magnus has it empty,
   * as it does for users created through the API until someone sets it (§9): unknown, not "inactive".
   */
  active: number | null;
  /** Trimmed value of the configured contract field (`dist` for most ISPs, §10); `null` when empty or blank. */
  contractRef: string | null;
  /** `company_name`, or the person's name when the company is empty. */
  company: string;
  /** `firstname lastname`, trimmed; empty when both are. */
  name: string;
  /** `doc` (CPF/CNPJ as typed in the panel), trimmed. */
  doc: string;
}

/** A row as Magnus sent it, secret fields already removed. Values are strings, numbers or null on the wire. */
export type MagnusRow = Readonly<Record<string, unknown>>;
