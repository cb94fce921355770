// The main navigation: every role's links, and the administration pages (accounts, API tokens, audit log)
// in one "Quản trị" menu shown only to those who may open at least one of them.
import { beforeAll, describe, expect, it } from 'vitest';
import { login, makeApp } from '../helpers/app.js';

let ctx: Awaited<ReturnType<typeof makeApp>>;
beforeAll(async () => {
  ctx = await makeApp();
});

const nav = (html: string) => /<nav class="mainnav"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';

describe('the main navigation', () => {
  it('gives an admin the administration menu with its three pages, marked where they are', async () => {
    const admin = await login(ctx.app, 'admin');
    const home = nav((await admin.get('/')).text);
    expect(home).toContain('<details class="navmenu">');
    expect(home).toContain('Quản trị');
    for (const href of ['/users', '/api-tokens', '/audit']) expect(home).toContain(`href="${href}"`);
    expect(home).toMatch(/<summary class="">/);
    const audit = nav((await admin.get('/audit')).text);
    expect(audit).toMatch(/<summary class="active">/);
    expect(audit).toContain('href="/audit" class="active" aria-current="page"');
  });

  it('shows no administration menu to roles that may open none of its pages', async () => {
    for (const username of ['owner', 'viewer', 'auditor']) {
      const s = await login(ctx.app, username);
      const html = nav((await s.get('/')).text);
      expect(html, username).toContain('href="/systems"');
      expect(html, username).not.toContain('navmenu');
      for (const href of ['/users', '/api-tokens', '/audit']) expect(html, username).not.toContain(`href="${href}"`);
    }
  });
});
