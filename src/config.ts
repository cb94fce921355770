// Environment → a frozen Config, checked once at start-up. A wrong value stops the process with one
// clear line (see server.ts), never a stack trace.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Days a finished outbox message keeps its recipient and text unless OUTBOX_RETENTION_DAYS says otherwise. */
export const DEFAULT_OUTBOX_RETENTION_DAYS = 365;

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_PATH: z.string().min(1).default('./data/capdo.db'),
  UPLOAD_DIR: z.string().min(1).default('./data/uploads'),
  UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(100).default(20),
  DUE_SOON_DAYS: z.coerce.number().int().min(1).max(120).default(30),
  // the ct14 policy overlay of the rule pack (Directive 14, Decisions 964 and 515): on for state bodies
  CT14_OVERLAY: bool.default(true),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUST_PROXY: bool.default(false),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
  SEED_DEMO: bool.optional(),
  DEFAULT_LOCALE: z.enum(['vi', 'en']).default('vi'),
  // pino's levels; the default is `info`, and `silent` under NODE_ENV=test (the tests read logs they ask for)
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  // mail (reminders): see mailSettings below for the rules that tie these together
  APP_URL: z.string().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().optional(),
  DIGEST_TIME: z.string().default('07:00'),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  // days a finished message (sent, failed, cancelled) keeps its recipient and text; then they are cleared
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(DEFAULT_OUTBOX_RETENTION_DAYS),
  // worker threads for the whole-registry evaluation (0: it runs on the main thread, blocking while it runs)
  WORKER_THREADS: z.coerce.number().int().min(0).max(8).default(1),
  // heavy requests (PDF, XLSX, an evaluation of another date): how many run at once per user and per server,
  // and how many may wait for a turn; beyond that the answer is 503 with Retry-After
  HEAVY_PER_USER: z.coerce.number().int().min(1).max(16).default(1),
  HEAVY_PER_SERVER: z.coerce.number().int().min(1).max(64).default(2),
  HEAVY_QUEUE: z.coerce.number().int().min(0).max(256).default(8),
});

/** Where and how mail goes out. `smtpUrl` null: nothing is sent, messages wait in the outbox. */
export type MailConfig = Readonly<{
  smtpUrl: string | null;
  /** host:port of the SMTP server, safe to show (the URL's credentials are not) */
  smtpHost: string | null;
  from: Readonly<{ name: string | null; address: string }> | null;
  /** local time (Asia/Ho_Chi_Minh) of the daily digest; null: no in-process schedule (cron runs `npm run reminders`) */
  digestTime: Readonly<{ hour: number; minute: number }> | null;
  maxAttempts: number;
  /** days a finished message keeps its recipient and text (OUTBOX_RETENTION_DAYS) */
  retentionDays: number;
}>;

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/** `address` or `Display Name <address>`. */
function parseMailFrom(raw: string): { name: string | null; address: string } | null {
  const s = raw.trim();
  const m = /^(.*?)\s*<([^<>]+)>$/.exec(s);
  const name = m ? m[1]!.replace(/^"(.*)"$/, '$1').trim() || null : null;
  const address = (m ? m[2]! : s).trim();
  return EMAIL.test(address) ? { name, address } : null;
}

function mailSettings(e: {
  SMTP_URL?: string | undefined; MAIL_FROM?: string | undefined; DIGEST_TIME: string; MAIL_MAX_ATTEMPTS: number; OUTBOX_RETENTION_DAYS: number;
}): MailConfig {
  let smtpUrl: string | null = null;
  let smtpHost: string | null = null;
  if (e.SMTP_URL !== undefined && e.SMTP_URL.trim() !== '') {
    let url: URL;
    try {
      url = new URL(e.SMTP_URL.trim());
    } catch {
      throw new ConfigError('invalid configuration: SMTP_URL: must be a URL such as smtps://user:password@mail.example.gov.vn:465');
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new ConfigError('invalid configuration: SMTP_URL: must start with smtp:// or smtps://');
    if (!url.hostname) throw new ConfigError('invalid configuration: SMTP_URL: has no host');
    if (url.username && !url.password) throw new ConfigError('invalid configuration: SMTP_URL: has a user name but no password');
    smtpUrl = url.href;
    smtpHost = `${url.hostname}:${url.port || (url.protocol === 'smtps:' ? '465' : '587')}`;
  }
  let from: MailConfig['from'] = null;
  if (e.MAIL_FROM !== undefined && e.MAIL_FROM.trim() !== '') {
    from = parseMailFrom(e.MAIL_FROM);
    if (!from) throw new ConfigError('invalid configuration: MAIL_FROM: must be an e-mail address, or "Name <address>"');
  }
  if (smtpUrl && !from) throw new ConfigError('invalid configuration: MAIL_FROM: is required when SMTP_URL is set');
  let digestTime: MailConfig['digestTime'] = null;
  const time = e.DIGEST_TIME.trim();
  if (time !== 'off') {
    const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time);
    if (!m) throw new ConfigError('invalid configuration: DIGEST_TIME: must be HH:MM on a 24-hour clock (e.g. 07:00), or off');
    digestTime = Object.freeze({ hour: Number(m[1]), minute: Number(m[2]) });
  }
  return Object.freeze({ smtpUrl, smtpHost, from: from && Object.freeze(from), digestTime, maxAttempts: e.MAIL_MAX_ATTEMPTS, retentionDays: e.OUTBOX_RETENTION_DAYS });
}

function appUrl(raw: string | undefined, port: number): string {
  if (raw === undefined || raw.trim() === '') return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError('invalid configuration: APP_URL: must be a URL such as https://capdo.example.gov.vn');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('invalid configuration: APP_URL: must start with http:// or https://');
  return url.href.replace(/\/+$/, '');
}

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databasePath: string;
  uploadDir: string;
  uploadMaxBytes: number;
  dueSoonDays: number;
  ct14Overlay: boolean;
  sessionSecret: string;
  sessionSecretGenerated: boolean;
  trustProxy: boolean;
  secureCookies: boolean;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  seedDemo: boolean;
  defaultLocale: 'vi' | 'en';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** the address people reach Capdo at: links in mail are built on it */
  appUrl: string;
  mail: MailConfig;
  workerThreads: number;
  heavy: Readonly<{ perUser: number; perServer: number; queue: number }>;
}>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET) {
    throw new ConfigError('invalid configuration: SESSION_SECRET is required when NODE_ENV=production');
  }
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    uploadDir: e.UPLOAD_DIR,
    uploadMaxBytes: e.UPLOAD_MAX_MB * 1024 * 1024,
    dueSoonDays: e.DUE_SOON_DAYS,
    ct14Overlay: e.CT14_OVERLAY,
    sessionSecret: e.SESSION_SECRET ?? randomBytes(32).toString('hex'),
    sessionSecretGenerated: !e.SESSION_SECRET,
    trustProxy: e.TRUST_PROXY,
    secureCookies: e.TRUST_PROXY,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    // demo data never goes into a production database
    seedDemo: e.NODE_ENV === 'production' ? false : (e.SEED_DEMO ?? true),
    defaultLocale: e.DEFAULT_LOCALE,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    appUrl: appUrl(e.APP_URL, e.PORT),
    mail: mailSettings(e),
    workerThreads: e.WORKER_THREADS,
    heavy: Object.freeze({ perUser: e.HEAVY_PER_USER, perServer: e.HEAVY_PER_SERVER, queue: e.HEAVY_QUEUE }),
  });
}
