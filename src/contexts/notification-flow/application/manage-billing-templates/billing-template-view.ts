import type { BillingType } from '../../domain/billing/billing-contact';
import type { StoredBillingTemplate } from '../ports/billing-campaigns.repository';

/** Seed 003's `BillingTemplateSerializer` shape (variations nested). */
export interface BillingTemplateView {
  id: string;
  name: string;
  template_type: BillingType;
  description: string;
  is_active: boolean;
  total_uses: number;
  variations: Array<{ id: string; name: string; template_text: string; order: number; is_active: boolean }>;
  created_at: string;
  updated_at: string;
}

export interface BillingTemplateInput {
  name?: string;
  template_type?: BillingType;
  description?: string;
  is_active?: boolean;
  variations?: Array<{ name: string; template_text: string; order?: number; is_active?: boolean }>;
}

export function templateView(t: StoredBillingTemplate): BillingTemplateView {
  return {
    id: t.id,
    name: t.name,
    template_type: t.template_type,
    description: t.description,
    is_active: t.is_active,
    total_uses: t.total_uses,
    variations: t.variations.map((v) => ({
      id: v.id,
      name: v.name,
      template_text: v.template_text,
      order: v.order,
      is_active: v.is_active,
    })),
    created_at: new Date(t.created_at).toISOString(),
    updated_at: new Date(t.updated_at).toISOString(),
  };
}
