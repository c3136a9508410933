import { randomInt, type Random } from '../host/prng';
import { SECONDS_PER_DAY } from './ixc-time';

/** Shared by the seeders: weighted draws and plausible `ultima_atualizacao` moments. */

export const YEAR_DAYS = 365;

/** A moment in the year before the anchor day, not before `since` when possible. */
export function pastUpdate(random: Random, today: number, since: number): number {
  const from = Math.max(since, today - YEAR_DAYS) * SECONDS_PER_DAY;
  const to = today * SECONDS_PER_DAY - 1;
  return from >= to ? to - randomInt(random, 0, 3600) : randomInt(random, from, to);
}

/** Business hours of an event's day, kept inside the year before the anchor day. */
export function dayUpdate(random: Random, today: number, day: number): number {
  const start = today * SECONDS_PER_DAY;
  const lower = start - YEAR_DAYS * SECONDS_PER_DAY;
  const at = day * SECONDS_PER_DAY + randomInt(random, 8 * 3600, 20 * 3600);
  if (at < lower) return lower + randomInt(random, 0, YEAR_DAYS * SECONDS_PER_DAY - 1);
  // An event still ahead (a receivable due next month) was last written some time in the past weeks,
  // not all on the eve of the anchor day: a spike there would make every incremental sync re-read it.
  return at >= start ? start - randomInt(random, 3600, 30 * SECONDS_PER_DAY) : at;
}

/** Index drawn with the given weights (they need not sum to 1). */
export function weighted(random: Random, weights: readonly number[]): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let point = random() * total;
  for (let i = 0; i < weights.length; i++) {
    point -= weights[i];
    if (point < 0) return i;
  }
  return weights.length - 1;
}
