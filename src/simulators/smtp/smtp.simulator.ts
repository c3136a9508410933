import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type {
  ListenerFaultDecision,
  SimulatorDefinition,
  SimulatorListener,
  SimulatorListenerContext,
} from '../host/simulator';
import { modifySmtp } from './smtp-modify';
import {
  createSmtpState,
  inspectSmtp,
  keepMessage,
  SMTP_BOUNCE_DOMAIN,
  type SmtpMessage,
  type SmtpState,
} from './smtp-state';

const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;
/** Reply codes a fault's `error.status` may use as is; any other status becomes 451 (try again later). */
const SMTP_CODES = new Set([421, 450, 451, 452, 550, 551, 552, 553, 554]);

type Context = SimulatorListenerContext<SmtpState>;

/**
 * An SMTP relay on its own TCP port (shown in the control `/data` as `port`), for the e-mail channel
 * without SendGrid: AUTH PLAIN/LOGIN with {@link SMTP_DEMO_CREDENTIALS}, recipients `@bounce.test` refused at
 * RCPT TO with 550, messages parsed and kept with their `X-Regua-Schedule` header. The host's faults apply
 * to DATA (path `/DATA`): `error.status` 451/554 answers that code, `timeout` never answers. The HTTP side
 * has only the control API.
 */
export const smtpSimulator: SimulatorDefinition<SmtpState> = {
  name: 'smtp',
  description: 'SMTP relay on its own port: AUTH PLAIN/LOGIN, 550 for @bounce.test, faults at DATA',
  createState: () => createSmtpState(),
  mount() {
    // No HTTP wire API: the relay speaks SMTP on the listener's port.
  },
  inspect: inspectSmtp,
  modify: modifySmtp,
  listen: startSmtpListener,
};

async function startSmtpListener(ctx: Context): Promise<SimulatorListener> {
  const server = new SMTPServer({
    name: 'smtp.simulator.regua',
    banner: 'Régua SMTP simulator',
    logger: false,
    // Plain TCP on loopback: AUTH without TLS, and no STARTTLS a client would try with a self-signed cert.
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    size: MAX_MESSAGE_BYTES,
    closeTimeout: 500,
    onAuth(auth, _session, callback) {
      const state = ctx.state();
      const done = ctx.record('SMTP', '/AUTH');
      const { user, password } = state.credentials;
      if (auth.username === user && auth.password === password) {
        done(235);
        return callback(null, { user: auth.username });
      }
      state.counts.authFailures++;
      done(535);
      callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      const state = ctx.state();
      const done = ctx.record('SMTP', '/RCPT');
      const email = address.address.toLowerCase();
      if (state.rejectAll || email.endsWith(SMTP_BOUNCE_DOMAIN)) {
        state.counts.rejectedRecipients++;
        done(550);
        return callback(
          smtpError(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown`),
        );
      }
      done(250);
      callback();
    },
    onData(stream, session, callback) {
      receive(ctx, stream, session).then(
        (reply) => {
          if (reply !== 'hang') callback(reply ?? null);
        },
        (error: unknown) => callback(smtpError(451, `4.3.0 ${String(error)}`)),
      );
    },
  });
  server.on('error', () => {
    // A client that drops mid-session is its own problem; the relay keeps serving the others.
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, ctx.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Parses the message, then answers as the fault decision says: accepted, refused, delayed or never. */
async function receive(
  ctx: Context,
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
): Promise<Error | undefined | 'hang'> {
  const decision = ctx.fault('/DATA');
  const done = ctx.record('SMTP', '/DATA');
  const parsed = await simpleParser(stream);
  const state = ctx.state();
  if (decision.kind === 'timeout') {
    state.counts.faults++;
    return 'hang';
  }
  if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
  if (stream.sizeExceeded) {
    done(552);
    return smtpError(552, '5.3.4 Message size exceeds fixed maximum message size');
  }
  const refusal = refusalOf(decision);
  if (refusal) {
    state.counts.faults++;
    done(refusal.responseCode);
    return refusal;
  }
  keepMessage(state, messageOf(parsed, session, ctx.now()));
  state.counts.accepted++;
  done(250);
  return undefined;
}

function refusalOf(decision: Exclude<ListenerFaultDecision, { kind: 'timeout' }>) {
  if (decision.kind === 'pass') return undefined;
  if (decision.kind === 'rateLimited') return smtpError(451, '4.7.1 Too many messages, slow down');
  const { status, body } = decision.response;
  const code = SMTP_CODES.has(status) ? status : 451;
  const text =
    typeof body === 'string' ? body : code >= 500 ? '5.7.1 Message rejected' : '4.3.0 Try again later';
  return smtpError(code, text);
}

function messageOf(parsed: ParsedMail, session: SMTPServerSession, now: Date): SmtpMessage {
  const schedule = parsed.headers.get('x-regua-schedule');
  return {
    receivedAt: now.toISOString(),
    envelope: {
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      to: session.envelope.rcptTo.map((r) => r.address),
    },
    from: parsed.from?.text ?? '',
    to: addresses(parsed.to),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    messageId: parsed.messageId ?? null,
    scheduleId: typeof schedule === 'string' ? schedule : null,
    user: typeof session.user === 'string' ? session.user : '',
  };
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter((a) => a !== '');
}

function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}
