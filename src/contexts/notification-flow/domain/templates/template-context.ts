/** One open debt as templates see it (money in cents, dates `yyyy-mm-dd`). */
export interface DebtView {
  id: string;
  description: string;
  dueDate: string;
  amountCents: number;
  openCents: number;
  daysOverdue: number;
  contractId: string | null;
}

/** Everything a template may use (the variable whitelist is derived from this shape). */
export interface TemplateContext {
  debtor: { name: string; firstName: string; document: string | null };
  company: { name: string };
  debts: DebtView[];
  totalOpenCents: number;
  oldestDueDate: string;
  /** days since the oldest open debt's due date (negative before it) */
  daysOverdue: number;
  step: { key: string; offsetDays: number };
}
