// Environment → a frozen Config, checked once at start-up. A wrong value stops the process with one
// clear line (see server.ts), never a stack trace.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

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
});

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
  });
}
