/**
 * Replaces every secret of `secrets` (tokens, keys, passwords, webhook tokens) found in `text` by `***`,
 * with their URL-encoded and base64 forms. Empty and very short values are ignored: masking "a" everywhere
 * would garble the message without protecting anything.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const form of secretForms(secrets)) out = out.split(form).join('***');
  return out;
}

function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(Buffer.from(secret).toString('base64'));
  }
  // Longest first: a secret containing another must be masked whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Origin and path of a URL, without query string or user info (they may hold credentials). */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}
