// The sign-in page of the demo lists every demo account (with what it is for), in both languages.
import { beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { DEMO_USERS } from '../../seeds/demo-data.js';
import { makeDemoApp } from '../helpers/app.js';

let demo: Awaited<ReturnType<typeof makeDemoApp>>;
beforeAll(async () => {
  demo = await makeDemoApp();
}, 60_000);

describe('the demo sign-in hint', () => {
  it.each(['vi', 'en'])('names every demo account (%s)', async (lang) => {
    const res = await request(demo.app).get('/login').set('Cookie', `lang=${lang}`).set('Accept-Language', lang);
    expect(res.status).toBe(200);
    const hint = /<p class="hint">([^<]*capdo-demo[^<]*)<\/p>/.exec(res.text)?.[1] ?? '';
    expect(DEMO_USERS.length).toBeGreaterThanOrEqual(5);
    for (const u of DEMO_USERS) expect(hint).toMatch(new RegExp(`(^|[ :;(])${u.username.replace('.', '\\.')} —`));
  });
});
