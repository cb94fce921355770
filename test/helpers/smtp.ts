// A real SMTP server in the test process (smtp-server), with a user name and password like a real relay;
// every message it accepts is kept raw and parsed with mailparser.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: string;
  mail: ParsedMail;
}

export interface SmtpOptions {
  /** refuse these recipients with a permanent 550 */
  refuse?: (address: string) => boolean;
  /** called once the whole message is in, before the server answers; return false to never answer */
  beforeAnswer?: (raw: string) => boolean;
}

export const SMTP_USER = 'capdo-relay';
export const SMTP_PASSWORD = 'mật khẩu relay';

export async function startSmtp(o: SmtpOptions = {}, port = 0) {
  const received: Received[] = [];
  const pending: Promise<void>[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, cb) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) cb(null, { user: auth.username });
      else cb(new Error('invalid credentials'));
    },
    onRcptTo(address, _session, cb) {
      if (o.refuse?.(address.address)) {
        const err = new Error('mailbox unavailable') as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) };
        pending.push(simpleParser(raw).then((mail) => void received.push({ ...envelope, raw, mail })));
        if (o.beforeAnswer && !o.beforeAnswer(raw)) return;
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.server.address() as { port: number }).port;
  return {
    port: actualPort,
    url: `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:${actualPort}`,
    received,
    /** waits until every accepted message is parsed */
    settled: async () => {
      await Promise.all(pending);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Smtp = Awaited<ReturnType<typeof startSmtp>>;

/** A port with nothing listening on it (the mail server is down). */
export async function closedPort(): Promise<number> {
  const s = await startSmtp();
  await s.close();
  return s.port;
}
