/** Default timestamp tolerance of signed webhooks (Stripe's default, payments.md §3). */
export const DEFAULT_TOLERANCE_SECONDS = 300;
export const MIN_TOLERANCE_SECONDS = 30;
export const MAX_TOLERANCE_SECONDS = 3600;

export interface ReceiverSettings {
  toleranceSeconds: number;
}

/** The tenant's `payments` settings, validated at PUT time; anything unusable falls back to the default. */
export function receiverSettings(raw: Record<string, unknown> | undefined): ReceiverSettings {
  const t = raw?.toleranceSeconds;
  const valid =
    typeof t === 'number' && Number.isInteger(t) && t >= MIN_TOLERANCE_SECONDS && t <= MAX_TOLERANCE_SECONDS;
  return { toleranceSeconds: valid ? t : DEFAULT_TOLERANCE_SECONDS };
}
