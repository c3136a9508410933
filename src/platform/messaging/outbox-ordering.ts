/**
 * Which claimed outbox rows may be published now. For each ordering key, a claimed row goes only if
 * no pending row of that key outside this batch comes before it (held by another relay, or waiting
 * for a retry); rows of a key after such a row wait. Rows without a key always go. Pure, table-tested.
 */
export function splitByOrdering<T extends { seq: string; orderingKey: string | null }>(
  claimed: T[],
  firstPendingOutsideBatch: Map<string, string>,
): { ready: T[]; held: T[] } {
  const ready: T[] = [];
  const held: T[] = [];
  for (const row of [...claimed].sort((a, b) => compareSeq(a.seq, b.seq))) {
    const blocker = row.orderingKey === null ? undefined : firstPendingOutsideBatch.get(row.orderingKey);
    if (blocker !== undefined && compareSeq(blocker, row.seq) < 0) held.push(row);
    else ready.push(row);
  }
  return { ready, held };
}

function compareSeq(a: string, b: string): number {
  const diff = BigInt(a) - BigInt(b);
  return diff === 0n ? 0 : diff < 0n ? -1 : 1;
}
