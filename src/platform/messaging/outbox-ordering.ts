/**
 * Which claimed outbox rows may be published now. A row with an ordering key goes only when every
 * earlier pending row of that key is in this batch (and goes before it): an earlier row held by
 * another relay, or waiting for a retry, holds back the later ones. Pure, so it is table-tested.
 */
export function publishableInOrder<T extends { seq: string; orderingKey: string | null }>(
  claimed: T[],
  firstPendingSeqByKey: Map<string, string>,
): T[] {
  const blocked = new Set<string>();
  const expectedNext = new Map(firstPendingSeqByKey);
  const result: T[] = [];
  for (const row of [...claimed].sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq)))) {
    const key = row.orderingKey;
    if (key === null) {
      result.push(row);
      continue;
    }
    if (blocked.has(key)) continue;
    const first = expectedNext.get(key);
    if (first !== undefined && BigInt(first) < BigInt(row.seq)) {
      blocked.add(key); // an earlier row of this key is not ours to publish
      continue;
    }
    expectedNext.delete(key);
    result.push(row);
  }
  return result;
}
