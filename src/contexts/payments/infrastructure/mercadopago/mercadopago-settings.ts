/** How one tenant reaches Mercado Pago: `payments` setting `mercadopagoBaseUrl` (else the deployment's). */
export interface MercadoPagoSettings {
  /** without a trailing slash */
  baseUrl: string;
  accessToken: string;
  timeoutMs: number;
}

export const MERCADOPAGO_TIMEOUT_MS = 10_000;

/** Null when the tenant has no access token: its Mercado Pago notifications cannot be looked up. */
export function mercadoPagoSettings(
  settings: Record<string, unknown> | undefined,
  accessToken: string | undefined,
  deploymentBaseUrl: string,
): MercadoPagoSettings | null {
  if (!accessToken || accessToken.trim() === '') return null;
  const own = settings?.mercadopagoBaseUrl;
  const baseUrl = typeof own === 'string' && own.trim() !== '' ? own.trim() : deploymentBaseUrl;
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    accessToken: accessToken.trim(),
    timeoutMs: MERCADOPAGO_TIMEOUT_MS,
  };
}
