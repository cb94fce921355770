// Signing in to the app under measurement through the real form (GET /login for the CSRF token, POST it back).

/** The session cookie of `username`. */
export async function signIn(base: string, username: string, password: string): Promise<string> {
  const page = await fetch(`${base}/login`);
  const cookie0 = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error('no CSRF token on /login');
  const res = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ _csrf: csrf, username, password }).toString(),
    headers: { cookie: cookie0, 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  return (res.headers.get('set-cookie') ?? cookie0).split(';')[0]!;
}
