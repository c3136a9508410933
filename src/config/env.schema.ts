// size: the one list of every environment variable, each with its validation rule and documentation; split,
// an operator would lose the single place that says what the process reads (each entry is a few lines).
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { parseIpRule } from '../platform/access/api-keys/ip-allow-list';

export const ROLES = ['api', 'worker', 'scheduler', 'all'] as const;
export type Role = (typeof ROLES)[number];
export const MODES = ['demo', 'live'] as const;
export type Mode = (typeof MODES)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const emptyToUndefined = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);

const URL_OPTS = { require_tld: false, require_protocol: true } as const;

/** Named ranges express understands in `trust proxy`, besides addresses and CIDR blocks. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const IsProxyList = () =>
  ValidateBy({
    name: 'isProxyList',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' &&
        value.split(',').every((e) => PROXY_RANGE_NAMES.includes(e.trim()) || !!parseIpRule(e)),
      defaultMessage: () =>
        'TRUSTED_PROXIES must be a comma list of IP addresses, CIDR blocks, loopback, linklocal or uniquelocal',
    },
  });
const HOST_LIST = /^\s*[A-Za-z0-9.:\-[\]/*]+(\s*,\s*[A-Za-z0-9.:\-[\]/*]+)*\s*$/;

/**
 * Every environment variable Régua reads. Each one is documented in `.env.example`
 * (a unit test keeps the two in step). Defaults live here, not scattered in code.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '0.0.0.0';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IsIn(ROLES)
  ROLE: Role = 'all';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(MODES)
  REGUA_MODE?: Mode;

  @IsString()
  @MinLength(1)
  REGUA_DATA_DIR = '.regua';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  @Transform(toBoolean)
  @IsBoolean()
  DB_MIGRATIONS_RUN = true;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^amqps?:\/\/\S+$/, { message: 'AMQP_URL must be an amqp:// or amqps:// URL' })
  AMQP_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  HTTP_BODY_LIMIT_BYTES = 1024 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 15_000;

  /** Readiness is 503 this long before the listener closes (the image sets 5000; 0 for local runs and tests). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(120_000)
  SHUTDOWN_DRAIN_MS = 0;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTS)
  DEMO_SIMULATORS_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  SIMULATORS_SEED = 1;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  BUILD_COMMIT?: string;

  // --- Messaging ---
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]*$/, {
    message: 'AMQP_NAMESPACE must be lowercase letters, digits, dots, dashes',
  })
  AMQP_NAMESPACE?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  AMQP_PREFETCH = 50;

  @Transform(toBoolean)
  @IsBoolean()
  OUTBOX_RELAY_ENABLED = true;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  OUTBOX_BATCH_SIZE = 500;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  OUTBOX_RELAY_CONCURRENCY = 2;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_INTERVAL_MS = 200;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MESSAGING_MAX_ATTEMPTS = 5;

  @Matches(/^\d+(,\d+)*$/, {
    message: 'MESSAGING_RETRY_DELAYS_MS must be a comma-separated list of milliseconds',
  })
  MESSAGING_RETRY_DELAYS_MS = '1000,5000,30000,120000';

  // --- Access ---
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  JWT_TTL_SECONDS = 900;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message: 'REGUA_SECRET_KEY must be 32 bytes, as 64 hex characters or base64',
  })
  REGUA_SECRET_KEY?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_MAX_ATTEMPTS = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_WINDOW_SECONDS = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  API_KEY_RATE_LIMIT_PER_MINUTE = 600;

  /** Peers whose X-Forwarded-For is believed (express `trust proxy`); anyone else is seen as is. */
  @IsProxyList()
  TRUSTED_PROXIES = 'loopback';

  /**
   * Integration URLs tenant admins set through the API may not reach private networks unless the
   * deployment allows them (on-premises ERPs): hosts (`erp.lan`, `*.corp.example`), addresses or CIDR blocks.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HOST_LIST, {
    message:
      'INTEGRATION_ALLOWED_HOSTS must be a comma list of host names, *.domains, addresses or CIDR blocks',
  })
  INTEGRATION_ALLOWED_HOSTS?: string;

  /** Lets tenant-configured integrations reach private ranges (10/8, 172.16/12, 192.168/16, fc00::/7). */
  @Transform(toBoolean)
  @IsBoolean()
  INTEGRATION_ALLOW_PRIVATE_NETWORKS = false;

  // --- External systems (live mode). Per-tenant settings in the database override these. ---
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTS)
  IXC_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\d+$/, { message: 'IXC_USER must be the numeric IXC user id' })
  IXC_USER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  IXC_TOKEN?: string;

  @Transform(toBoolean)
  @IsBoolean()
  IXC_VERIFY_TLS = true;

  @IsIn(['post', 'get'])
  IXC_LIST_METHOD: 'post' | 'get' = 'post';

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(50_000)
  IXC_PAGE_SIZE = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_080)
  IXC_SYNC_OVERLAP_MINUTES = 60;

  /** ReceivableDueSoon fires for open receivables due within this many days (tenant's calendar). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  IXC_DUE_SOON_DAYS = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  IXC_STATUS_BATCH_SIZE = 200;

  @IsString()
  @MinLength(9)
  IXC_INCREMENTAL_CRON = '*/10 * * * *';

  @IsString()
  @MinLength(9)
  IXC_FULL_CRON = '30 2 * * *';

  @IsString()
  @MinLength(9)
  IXC_AUTOMATION_CRON = '15 * * * *';

  // --- Clinic network API (debtor-sync, live mode) ---
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTS)
  CLINIC_API_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  CLINIC_API_KEY?: string;

  /** When every covered clinic is synced (periodic run). */
  @IsString()
  @MinLength(9)
  DEBTOR_SYNC_CRON = '0 2 * * *';

  /** Days of due dates before today that a sync reads (plus everything still open before them). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  DEBTOR_SYNC_INITIAL_DAYS = 365;

  /** Days of due dates after today that a sync reads. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3650)
  DEBTOR_SYNC_AHEAD_DAYS = 730;

  /** An open installment due within this many days is announced as due soon. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60)
  DEBTOR_DUE_SOON_DAYS = 5;

  /** Demo mode: cover two simulated clinics on a fresh start (the benchmark turns it off to time its own). */
  @Transform(toBoolean)
  @IsBoolean()
  DEMO_CLINIC_COVERAGE = true;

  /** Report entries per page asked of the clinic API. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  CLINIC_PAGE_SIZE = 500;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTS)
  MAGNUS_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MAGNUS_API_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MAGNUS_API_SECRET?: string;

  /** Magnus user column holding the IXC contract id (per-tenant override: integration setting). */
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, {
    message: 'MAGNUS_CONTRACT_FIELD must be a Magnus user column, e.g. dist',
  })
  MAGNUS_CONTRACT_FIELD = 'dist';

  @Transform(toBoolean)
  @IsBoolean()
  MAGNUS_VERIFY_TLS = true;

  /** Reconcile runs of every tenant with MagnusBilling (default: hourly). */
  @IsString()
  @MinLength(9)
  ENFORCEMENT_CRON = '0 * * * *';

  /** Debt escalation of every tenant: debts past the threshold become collection cases (default: daily, 07:00). */
  @IsString()
  @MinLength(9)
  ESCALATION_CRON = '0 7 * * *';

  /** How often new cases are linked to the tenant's CRM (Pipedrive); seconds field allowed. */
  @IsString()
  @MinLength(9)
  ESCALATION_CRM_CRON = '*/20 * * * * *';

  /** How often newly opened cases are posted, batched, to the collections team's Discord. */
  @IsString()
  @MinLength(9)
  ESCALATION_ALERTS_CRON = '0 * * * * *';

  /** Global kill switch: no Magnus write for any tenant (dry runs still work). */
  @Transform(toBoolean)
  @IsBoolean()
  ENFORCEMENT_KILL_SWITCH = false;

  /** How often the dunning dispatcher looks for due messages (scheduler role). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  NOTIFY_DISPATCH_INTERVAL_MS = 1000;

  /** How often a paused channel (WhatsApp instance not open) is probed, to resume it (scheduler role). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  NOTIFY_PAUSE_PROBE_INTERVAL_MS = 30_000;

  /**
   * A message found `sending` after a crash is looked up at the provider (where it can be); when the
   * provider has no record of it and the mark is at least this old, it is sent again.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  NOTIFY_RECONCILE_AFTER_MS = 120_000;

  /**
   * A schedule left `queued` or `sending` this long (a lost message, a dead worker) is swept back into
   * progress, and stops counting against its tenant's throttle room.
   */
  @Transform(toInt)
  @IsInt()
  @Min(60_000)
  @Max(86_400_000)
  NOTIFY_STALE_AFTER_MS = 600_000;

  /** How often the stale-schedule sweep runs (scheduler role). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  NOTIFY_STALE_SWEEP_INTERVAL_MS = 60_000;

  /** Provider calls in flight per channel worker batch. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  NOTIFY_SEND_CONCURRENCY = 32;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTS)
  DISCORD_WEBHOOK_URL?: string;

  /** Where failures are reported; without it they go to DISCORD_WEBHOOK_URL. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTS)
  DISCORD_ERROR_WEBHOOK_URL?: string;

  /** Evolution API (WhatsApp): all three or none. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(URL_OPTS)
  EVOLUTION_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  EVOLUTION_API_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^/?#\s]+$/, { message: 'EVOLUTION_INSTANCE must be an Evolution instance name' })
  EVOLUTION_INSTANCE?: string;

  /** SendGrid Mail Send; when set, e-mail goes through SendGrid rather than SMTP. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SENDGRID_API_KEY?: string;

  /** e.g. smtp://user:pass@smtp.example.com:587 (smtps:// for implicit TLS). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must look like smtp://user:pass@host:587' })
  SMTP_URL?: string;

  /** Sender of e-mails (SendGrid and SMTP) when a tenant sets no fromEmail/fromName. */
  @IsString()
  @MinLength(3)
  EMAIL_FROM = 'Régua <cobranca@regua.local>';

  /**
   * Mercado Pago's API, where payment notifications are looked up (`GET /v1/payments/{id}`); a tenant's
   * `payments` setting `mercadopagoBaseUrl` overrides it (demo mode points it at the simulator).
   */
  @IsUrl(URL_OPTS)
  MERCADOPAGO_BASE_URL = 'https://api.mercadopago.com';

  /** Assertiva SMS gateway */
  @IsUrl(URL_OPTS)
  SMS_BASE_URL = 'https://api.assertivasolucoes.com.br';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMS_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SMS_CLIENT_SECRET?: string;
}
