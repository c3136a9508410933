/** Bounded retries with growing delays (never requeue forever). Pure: the transports apply it. */
export interface RetryPolicy {
  maxAttempts: number;
  /** Delay before attempt n+1 is `delaysMs[n-1]`; the last delay repeats. */
  delaysMs: number[];
}

export type FailureDecision =
  { action: 'retry'; nextAttempt: number; delayMs: number } | { action: 'dead-letter' };

export function decideAfterFailure(policy: RetryPolicy, attempt: number): FailureDecision {
  if (attempt >= policy.maxAttempts) return { action: 'dead-letter' };
  return { action: 'retry', nextAttempt: attempt + 1, delayMs: retryDelay(policy, attempt) };
}

export function retryDelay(policy: RetryPolicy, attempt: number): number {
  const delays = policy.delaysMs.length > 0 ? policy.delaysMs : [1000];
  return delays[Math.min(attempt, delays.length) - 1] as number;
}

/** Every distinct delay a policy can produce (the RabbitMQ transport declares one retry queue each). */
export function distinctDelays(policy: RetryPolicy): number[] {
  const delays = new Set<number>();
  for (let attempt = 1; attempt < policy.maxAttempts; attempt++) delays.add(retryDelay(policy, attempt));
  return [...delays].sort((a, b) => a - b);
}

export function parseDelays(text: string): number[] {
  return text.split(',').map((part) => Number(part.trim()));
}
