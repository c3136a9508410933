/**
 * A tenant's Pipedrive (`PUT /api/v1/admin/integrations/pipedrive`): settings `documentFieldKey` (the
 * 40-char key of the person field holding the CPF/CNPJ), `createDeals`, `pipelineId`, `stageId`,
 * optional `baseUrl` (default `https://api.pipedrive.com`); secret `apiToken`.
 */
export interface PipedriveSettings {
  baseUrl: string;
  apiToken: string;
  documentFieldKey: string;
  createDeals: boolean;
  pipelineId: number | null;
  stageId: number | null;
  timeoutMs: number;
}

export const PIPEDRIVE_DEFAULT_BASE_URL = 'https://api.pipedrive.com';

const positiveInt = (value: unknown): number | null => {
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
};

/** Null when the tenant has no usable Pipedrive (no token or no document field): CRM linking is off. */
export function pipedriveSettings(
  settings: Record<string, unknown> | undefined,
  apiToken: string | undefined,
): PipedriveSettings | null {
  if (!settings || !apiToken || apiToken.trim() === '') return null;
  const key = settings.documentFieldKey;
  if (typeof key !== 'string' || key.trim() === '') return null;
  const baseUrl =
    typeof settings.baseUrl === 'string' && settings.baseUrl !== ''
      ? settings.baseUrl
      : PIPEDRIVE_DEFAULT_BASE_URL;
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    apiToken: apiToken.trim(),
    documentFieldKey: key.trim(),
    createDeals: settings.createDeals === true,
    pipelineId: positiveInt(settings.pipelineId),
    stageId: positiveInt(settings.stageId),
    timeoutMs: positiveInt(settings.timeoutMs) ?? 15_000,
  };
}
