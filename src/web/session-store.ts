// express-session store kept in the app's own SQLite database. Sessions carry their user id so that
// "sign out everywhere" (and deactivating a user) can delete every session of one user.
import session from 'express-session';
import type { Db } from '../db/client.js';

type Data = session.SessionData & { userId?: number };

/** The idle expiry moves on at most this often (its precision). */
const TOUCH_EVERY_MS = 60_000;

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
    // a busy session is pushed back at most once a minute: most requests write nothing
    this.touch_ = c.prepare<[{ exp: number; sid: string }]>(`UPDATE sessions SET expires_at = @exp WHERE sid = @sid AND expires_at < @exp - ${TOUCH_EVERY_MS}`);
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
      this.touch_.run({ exp: this.expiry(sess), sid });
    } finally {
      cb?.();
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
