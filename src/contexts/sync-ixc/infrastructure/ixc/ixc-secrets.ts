/**
 * IXC has no field projection and returns passwords in plain text (`cliente.senha`, `hotsite_senha`,
 * radius and Wi-Fi passwords, card tokens…). They are removed before a row leaves the client, so no log,
 * mirror table or event can ever hold one. Matching is by name fragment because IXC adds such fields
 * across versions (`senha_md5`, `senha_rede_sem_fio`, …).
 */
const SECRET_FIELD = /senha|password|passwd|pwd|secret|token/i;

// A sync reads millions of rows with the same few dozen field names: decide each name once.
const decided = new Map<string, boolean>();
const MAX_DECIDED = 10_000;

export function isSecretField(name: string): boolean {
  let secret = decided.get(name);
  if (secret === undefined) {
    secret = SECRET_FIELD.test(name);
    if (decided.size < MAX_DECIDED) decided.set(name, secret);
  }
  return secret;
}

function hasSecrets(row: Readonly<Record<string, unknown>>): boolean {
  for (const key in row) if (isSecretField(key)) return true;
  return false;
}

/** `row` without secret-looking fields: the row itself when it has none, else a copy; never mutated. */
export function dropSecrets<V>(row: Readonly<Record<string, V>>): Record<string, V> {
  if (!hasSecrets(row)) return row as Record<string, V>;
  const kept: Record<string, V> = {};
  for (const key in row) if (!isSecretField(key)) kept[key] = row[key];
  return kept;
}
