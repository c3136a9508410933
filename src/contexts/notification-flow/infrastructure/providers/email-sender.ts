/** Who e-mails come from: a tenant's `fromEmail`/`fromName`, else EMAIL_FROM. */
export interface Sender {
  email: string;
  name: string;
}

const WITH_NAME = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/;

/** `Régua <cobranca@regua.local>` or a bare address (named "Régua"). */
export function parseSender(value: string): Sender {
  const named = WITH_NAME.exec(value);
  if (named) return { name: named[1]!.trim() || 'Régua', email: named[2]! };
  return { name: 'Régua', email: value.trim() };
}

/** The tenant's own sender settings over the default; blank settings are ignored. */
export function senderOf(settings: Record<string, unknown> | undefined, fallback: Sender): Sender {
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  return {
    email: text(settings?.fromEmail) ?? fallback.email,
    name: text(settings?.fromName) ?? fallback.name,
  };
}
