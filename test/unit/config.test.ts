// The environment → Config: defaults, one-line errors, production rules, and the server's fail-fast start.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const SECRET = 'a-production-secret-of-32-chars!!';

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('loadConfig did not throw');
}

describe('loadConfig', () => {
  it('has sensible defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databasePath).toBe('./data/capdo.db');
    expect(c.env).toBe('development');
    expect(c.host).toBe('0.0.0.0');
    expect(c.defaultLocale).toBe('vi');
    expect(c.sessionIdleMs).toBe(30 * 60_000);
    expect(c.sessionAbsoluteMs).toBe(12 * 3_600_000);
    expect(c.trustProxy).toBe(false);
    expect(c.secureCookies).toBe(false);
    // no secret outside production: a random one, and it says so
    expect(c.sessionSecretGenerated).toBe(true);
    expect(c.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(loadConfig({}).sessionSecret).not.toBe(c.sessionSecret);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads the values it is given', () => {
    const c = loadConfig({ PORT: '8080', DATABASE_PATH: '/var/lib/capdo/capdo.db', SESSION_IDLE_MINUTES: '15', DEFAULT_LOCALE: 'en', TRUST_PROXY: 'true' });
    expect(c.port).toBe(8080);
    expect(c.databasePath).toBe('/var/lib/capdo/capdo.db');
    expect(c.sessionIdleMs).toBe(15 * 60_000);
    expect(c.defaultLocale).toBe('en');
    expect(c.secureCookies).toBe(true);
  });

  it.each(['abc', '0', '70000', '80.5'])('refuses PORT=%s with one line naming PORT', (port) => {
    const err = errorOf({ PORT: port });
    expect(err.message).toMatch(/^invalid configuration: PORT: /);
    expect(err.message).not.toContain('\n');
  });

  it('requires SESSION_SECRET in production', () => {
    const err = errorOf({ NODE_ENV: 'production' });
    expect(err.message).toContain('SESSION_SECRET');
    expect(err.message).not.toContain('\n');
    const c = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET });
    expect(c.sessionSecret).toBe(SECRET);
    expect(c.sessionSecretGenerated).toBe(false);
  });

  it('never seeds demo data in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, SEED_DEMO: 'true' }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).seedDemo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('refuses a SESSION_SECRET shorter than 32 characters', () => {
    const err = errorOf({ SESSION_SECRET: 'x'.repeat(31) });
    expect(err.message).toMatch(/^invalid configuration: SESSION_SECRET: /);
    expect(err.message).toContain('32');
    expect(loadConfig({ SESSION_SECRET: 'x'.repeat(32) }).sessionSecret).toBe('x'.repeat(32));
  });

  it('logs at info by default, silently under test, and at the LOG_LEVEL asked for', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET }).logLevel).toBe('info');
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
    expect(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(loadConfig({ LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
  });

  it.each([
    ['LOG_LEVEL', 'verbose'],
    ['NODE_ENV', 'staging'],
    ['SEED_DEMO', 'maybe'],
    ['SESSION_ABSOLUTE_HOURS', '0'],
    ['DEFAULT_LOCALE', 'fr'],
  ])('refuses %s=%s with a message naming it', (name, value) => {
    expect(errorOf({ [name]: value }).message).toContain(`${name}: `);
  });
});

describe('mail settings', () => {
  it('sends nothing by default: no server, a digest at 07:00 Vietnam time, 8 attempts, links to localhost', () => {
    const c = loadConfig({});
    expect(c.mail).toEqual({ smtpUrl: null, smtpHost: null, from: null, digestTime: { hour: 7, minute: 0 }, maxAttempts: 8, retentionDays: 365 });
    expect(c.appUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8080' }).appUrl).toBe('http://localhost:8080');
  });

  it('reads an SMTP URL with credentials, the sender, the digest time and the attempts', () => {
    const c = loadConfig({
      SMTP_URL: 'smtps://capdo%40binhson.gov.vn:m%E1%BA%ADt-kh%E1%BA%A9u@mail.binhson.gov.vn', MAIL_FROM: 'Sở KH&CN Bình Sơn <capdo@binhson.gov.vn>',
      DIGEST_TIME: '6:45', MAIL_MAX_ATTEMPTS: '5', APP_URL: 'https://capdo.binhson.gov.vn/',
    });
    expect(c.mail.smtpUrl).toMatch(/^smtps:\/\/capdo%40binhson\.gov\.vn:/);
    expect(c.mail.smtpHost).toBe('mail.binhson.gov.vn:465');
    expect(c.mail.from).toEqual({ name: 'Sở KH&CN Bình Sơn', address: 'capdo@binhson.gov.vn' });
    expect(c.mail.digestTime).toEqual({ hour: 6, minute: 45 });
    expect(c.mail.maxAttempts).toBe(5);
    expect(c.appUrl).toBe('https://capdo.binhson.gov.vn');
    expect(loadConfig({ SMTP_URL: 'smtp://relay.local:25', MAIL_FROM: 'capdo@binhson.gov.vn' }).mail).toMatchObject({ smtpHost: 'relay.local:25', from: { name: null, address: 'capdo@binhson.gov.vn' } });
    expect(loadConfig({ DIGEST_TIME: 'off' }).mail.digestTime).toBeNull();
  });

  it.each([
    [{ SMTP_URL: 'http://mail.example.gov.vn' }, 'SMTP_URL: must start with smtp:// or smtps://'],
    [{ SMTP_URL: 'not a url' }, 'SMTP_URL: must be a URL'],
    [{ SMTP_URL: 'smtp://user@mail.example.gov.vn' }, 'SMTP_URL: has a user name but no password'],
    [{ SMTP_URL: 'smtp://u:p@mail.example.gov.vn' }, 'MAIL_FROM: is required when SMTP_URL is set'],
    [{ MAIL_FROM: 'capdo at binhson' }, 'MAIL_FROM: must be an e-mail address'],
    [{ DIGEST_TIME: '25:00' }, 'DIGEST_TIME: must be HH:MM'],
    [{ DIGEST_TIME: '7h' }, 'DIGEST_TIME: must be HH:MM'],
    [{ MAIL_MAX_ATTEMPTS: '0' }, 'MAIL_MAX_ATTEMPTS: '],
    [{ APP_URL: 'capdo.binhson.gov.vn' }, 'APP_URL: must be a URL'],
    [{ APP_URL: 'ftp://capdo.binhson.gov.vn' }, 'APP_URL: must start with http:// or https://'],
  ])('refuses %o with one line naming the variable', (env, message) => {
    const err = errorOf(env);
    expect(err.message).toMatch(/^invalid configuration: /);
    expect(err.message).toContain(message);
    expect(err.message).not.toContain('\n');
  });

  it('never repeats the SMTP password in an error', () => {
    expect(errorOf({ SMTP_URL: 'smtp://u:s3cr3t-pass@mail.example.gov.vn' }).message).not.toContain('s3cr3t');
  });
});

describe('the server start', () => {
  it('stops with exit code 1 and one clear line, no stack trace, when PORT is invalid', () => {
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: 'abc', DATABASE_PATH: ':memory:' };
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd, env, timeout: 20_000, encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^invalid configuration: PORT: /);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).not.toContain('listening');
  });

  it('stops with exit code 1 and one clear log line when the port is taken', async () => {
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: ':memory:', SEED_DEMO: 'false' };
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd, env, timeout: 30_000, encoding: 'utf8' });
      expect(r.status).toBe(1);
      const fatal = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: string; msg: string }).filter((l) => l.level === 'fatal');
      expect(fatal).toHaveLength(1);
      expect(fatal[0]!.msg).toBe(`cannot listen on 127.0.0.1:${port}: listen EADDRINUSE: address already in use 127.0.0.1:${port}`);
      expect(r.stdout + r.stderr).not.toMatch(/^\s+at /m);
    } finally {
      taken.close();
    }
  }, 40_000);
});
