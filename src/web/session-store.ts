// express-session store kept in the app's own SQLite database. Sessions carry their user id so that
// "sign out everywhere" (and deactivating a user) can delete every session of one user.
import session from 'express-session';
import type { Db } from '../db/client.js';

type Data = session.SessionData & { userId?: number };

export class SqliteSessionStore extends session.Store {
  private readonly get_;
  private readonly set_;
  private readonly destroy_;
  private readonly touch_;
  private readonly prune_;
  private readonly timer: NodeJS.Timeout;

  constructor(db: Db, private readonly defaultTtlMs: number) {
    super();
    const c = db.$client;
    this.get_ = c.prepare<[string, number], { data: string }>('SELECT data FROM sessions WHERE sid = ? AND expires_at > ?');
    this.set_ = c.prepare(
      'INSERT INTO sessions (sid, user_id, data, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT(sid) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at',
    );
    this.destroy_ = c.prepare('DELETE FROM sessions WHERE sid = ?');
    this.touch_ = c.prepare('UPDATE sessions SET expires_at = ? WHERE sid = ?');
    this.prune_ = c.prepare('DELETE FROM sessions WHERE expires_at <= ?');
    this.timer = setInterval(() => this.prune_.run(Date.now()), 15 * 60_000);
    this.timer.unref();
  }

  private expiry(sess: session.SessionData): number {
    const exp = sess.cookie?.expires;
    return exp ? new Date(exp).getTime() : Date.now() + this.defaultTtlMs;
  }

  override get(sid: string, cb: (err: unknown, session?: session.SessionData | null) => void): void {
    try {
      const row = this.get_.get(sid, Date.now());
      cb(null, row ? (JSON.parse(row.data) as session.SessionData) : null);
    } catch (err) {
      cb(err);
    }
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    try {
      this.set_.run(sid, (sess as Data).userId ?? null, JSON.stringify(sess), this.expiry(sess));
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    try {
      this.destroy_.run(sid);
      cb?.();
    } catch (err) {
      cb?.(err);
    }
  }

  override touch(sid: string, sess: session.SessionData, cb?: () => void): void {
    try {
      this.touch_.run(this.expiry(sess), sid);
    } finally {
      cb?.();
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
