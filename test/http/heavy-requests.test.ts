// Heavy requests take a turn (src/web/heavy.ts): with a tiny limit set through the configuration
// (HEAVY_PER_USER=1, HEAVY_PER_SERVER=2), a user whose heavy request is under way is refused a second one
// with 503, Retry-After and a page that says the server is busy, while another user still gets theirs; when
// the server's turns are all taken everyone is refused, pages that are not heavy are still answered, and a
// request that waits in the queue is answered once a turn ends.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isHeavy } from '../../src/web/heavy.js';
import { login, makeApp, type Session } from '../helpers/app.js';

type Made = Awaited<ReturnType<typeof makeApp>>;
const BUSY = 'Hệ thống đang bận';
let made: Made;
let admin: Session;
let owner: Session;
const held: (() => void)[] = [];

async function hold(key: string): Promise<void> {
  const release = await made.app.heavy.acquire(key);
  if (!release) throw new Error('no turn to hold');
  held.push(release);
}

afterEach(() => {
  for (const release of held.splice(0)) release();
});

describe('heavy requests with HEAVY_PER_USER=1, HEAVY_PER_SERVER=2, HEAVY_QUEUE=0', () => {
  beforeAll(async () => {
    made = await makeApp({ env: { HEAVY_PER_USER: '1', HEAVY_PER_SERVER: '2', HEAVY_QUEUE: '0' } });
    admin = await login(made.app, 'admin');
    owner = await login(made.app, 'owner');
  });

  it('refuses a user’s second heavy request with 503 and Retry-After, and serves another user', async () => {
    await hold(`user:${made.fx.user.admin}`);
    for (const url of ['/exports/gaps.xlsx?asOf=01/01/2025', '/gaps?asOf=01/01/2025', `/organisations/${made.fx.org.provA}/annual-report?year=2025`]) {
      const res = await admin.get(url);
      expect(res.status, url).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.text).toContain(BUSY);
      expect(res.text).toContain('vui lòng thử lại sau 5 giây');
    }
    // a page that is not heavy is answered as usual
    expect((await admin.get('/gaps')).status).toBe(200);
    // the other user has a turn of their own
    const xlsx = await owner.get('/exports/gaps.xlsx?asOf=01/01/2025');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('refuses everyone while the server’s turns are all taken, and serves again once one ends', async () => {
    await hold('user:999001');
    await hold('user:999002');
    expect((await owner.get('/gaps?asOf=01/01/2025')).status).toBe(503);
    expect((await admin.get('/exports/systems.xlsx')).status).toBe(503);
    held.pop()!();
    expect((await owner.get('/gaps?asOf=01/01/2025')).status).toBe(200);
  });
});

describe('the queue (HEAVY_QUEUE=1)', () => {
  beforeAll(async () => {
    made = await makeApp({ env: { HEAVY_PER_USER: '1', HEAVY_PER_SERVER: '1', HEAVY_QUEUE: '1' } });
    admin = await login(made.app, 'admin');
    owner = await login(made.app, 'owner');
  });

  it('lets one request wait for a turn and refuses the next at once', async () => {
    await hold('user:999001');
    const waiting = admin.get('/gaps?asOf=01/01/2025').then((r) => r);
    await new Promise((r) => setTimeout(r, 100));
    const refused = await owner.get('/gaps?asOf=01/01/2025');
    expect(refused.status).toBe(503);
    expect(made.app.heavy.load).toEqual({ running: 1, waiting: 1 });
    held.pop()!();
    expect((await waiting).status).toBe(200);
    expect(made.app.heavy.load).toEqual({ running: 0, waiting: 0 });
  });
});

describe('what counts as heavy', () => {
  const req = (path: string, query: Record<string, string> = {}, method = 'GET') => ({ method, path, query }) as unknown as Parameters<typeof isHeavy>[0];
  it('files, reports, the roster and other dates; not ordinary pages or writes', () => {
    expect(isHeavy(req('/organisations/1/annual-report/pdf'))).toBe(true);
    expect(isHeavy(req('/organisations/1/annual-report'))).toBe(true);
    expect(isHeavy(req('/exports/gaps.xlsx'))).toBe(true);
    expect(isHeavy(req('/exports/systems.csv'))).toBe(true);
    expect(isHeavy(req('/systems/3/print/pdf'))).toBe(true);
    expect(isHeavy(req('/operators/roster'))).toBe(true);
    expect(isHeavy(req('/api/v1/gaps', { asOf: '2025-01-01' }))).toBe(true);
    expect(isHeavy(req('/gaps'))).toBe(false);
    expect(isHeavy(req('/systems'))).toBe(false);
    expect(isHeavy(req('/exports/gaps.xlsx', {}, 'POST'))).toBe(false);
  });
});
