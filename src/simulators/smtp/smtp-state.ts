/** The account the demo tenant's `smtp` integration logs in with (AUTH PLAIN or LOGIN). */
export const SMTP_DEMO_CREDENTIALS = { user: 'regua-demo', password: 'regua-demo-smtp-password' } as const;
/** Recipients in this domain are refused at RCPT TO with 550, like an unknown mailbox. */
export const SMTP_BOUNCE_DOMAIN = '@bounce.test';
/** Keeps long benchmark runs bounded; tests look at the latest messages. */
export const MAX_SMTP_MESSAGES = 1000;

/** One message the relay accepted, as parsed from its DATA. */
export interface SmtpMessage {
  receivedAt: string;
  /** SMTP envelope */
  envelope: { from: string; to: string[] };
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  messageId: string | null;
  /** the `X-Regua-Schedule` header */
  scheduleId: string | null;
  /** the user the session authenticated as */
  user: string;
}

export interface SmtpState {
  credentials: { user: string; password: string };
  /** every recipient refused at RCPT TO (550), until set back */
  rejectAll: boolean;
  messages: SmtpMessage[];
  counts: { accepted: number; rejectedRecipients: number; authFailures: number; faults: number };
}

export function createSmtpState(): SmtpState {
  return {
    credentials: { ...SMTP_DEMO_CREDENTIALS },
    rejectAll: false,
    messages: [],
    counts: { accepted: 0, rejectedRecipients: 0, authFailures: 0, faults: 0 },
  };
}

export function keepMessage(state: SmtpState, message: SmtpMessage): void {
  state.messages.push(message);
  if (state.messages.length > MAX_SMTP_MESSAGES) state.messages.shift();
}

export function inspectSmtp(state: SmtpState, listener?: { port: number }) {
  return {
    port: listener?.port ?? null,
    user: state.credentials.user,
    bounceDomain: SMTP_BOUNCE_DOMAIN,
    rejectAll: state.rejectAll,
    counts: state.counts,
    messages: state.messages,
  };
}

export type SmtpData = ReturnType<typeof inspectSmtp>;
