/**
 * Magnus read and save answers carry the user's SIP/panel password in clear text (integrations.md §9), and
 * other modules add `secret`, tokens and calling-card PINs. They are removed the moment a row is parsed, so no
 * record, log, event or error built from a row can hold one. Matching is by name fragment because Magnus adds
 * such fields across versions and modules.
 */
const SECRET_FIELD = /pass|secret|token|(^|_)pin($|_)/i;

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** A copy of `row` without secret-looking fields (nor a `__proto__` key, which JSON.parse lets through). */
export function withoutSecrets(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(row)) {
    if (key !== '__proto__' && !isSecretField(key)) kept[key] = row[key];
  }
  return kept;
}
