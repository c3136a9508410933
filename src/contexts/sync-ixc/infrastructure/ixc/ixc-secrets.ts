/**
 * IXC has no field projection and returns passwords in plain text (`cliente.senha`, `hotsite_senha`,
 * radius and Wi-Fi passwords, card tokens…). They are removed before a row leaves the client, so no log,
 * mirror table or event can ever hold one. Matching is by name fragment because IXC adds such fields
 * across versions (`senha_md5`, `senha_rede_sem_fio`, …).
 */
const SECRET_FIELD = /senha|password|passwd|pwd|secret|token/i;

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** A copy of `row` without secret-looking fields; the input is left untouched. */
export function dropSecrets<V>(row: Readonly<Record<string, V>>): Record<string, V> {
  const kept: Record<string, V> = {};
  for (const [key, value] of Object.entries(row)) {
    if (!isSecretField(key)) kept[key] = value;
  }
  return kept;
}
