/**
 * The values of `items` grouped by key, in the order each key first appears; an item whose key or value
 * is undefined is left out.
 */
export function groupBy<T, K, V>(
  items: Iterable<T>,
  keyOf: (item: T) => K | undefined,
  valueOf: (item: T) => V | undefined,
): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) {
    const key = keyOf(item);
    const value = key === undefined ? undefined : valueOf(item);
    if (key === undefined || value === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
