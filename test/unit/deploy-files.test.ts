// The deployment files, read as text (docker is not installed where the tests run): the Dockerfile builds
// in one stage and runs the compiled server in a Debian-based Node 20 image as a non-root user, with the
// data on a volume and a health check on /readyz; docs/deploy.md has its four sections.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile → stages of instructions (continuation lines joined, comments dropped). */
function parseDockerfile(text: string): Instruction[][] {
  const logical = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const stages: Instruction[][] = [];
  for (const line of logical) {
    const m = /^([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`not an instruction: ${line}`);
    const instruction = { keyword: m[1]!.toUpperCase(), args: m[2]!.trim() };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)!.push(instruction);
  }
  return stages;
}

/** ENV a=b c=d / ENV a b → a map. */
function envOf(stage: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of stage.filter((i) => i.keyword === 'ENV')) {
    if (!args.includes('=')) {
      const [k, ...v] = args.split(/\s+/);
      env[k!] = v.join(' ');
    } else {
      for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) env[m[1]!] = m[2]!.replace(/^"|"$/g, '');
    }
  }
  return env;
}

/** The paths of VOLUME ["/a", "/b"] or VOLUME /a /b. */
const volumesOf = (stage: Instruction[]) =>
  stage
    .filter((i) => i.keyword === 'VOLUME')
    .flatMap((i) => (i.args.startsWith('[') ? (JSON.parse(i.args) as string[]) : i.args.split(/\s+/)));

const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir.replace(/\/$/, '')}/`);

describe('Dockerfile', () => {
  const stages = parseDockerfile(readFileSync('Dockerfile', 'utf8'));
  const final = stages.at(-1)!;
  const one = (keyword: string) => {
    const found = final.filter((i) => i.keyword === keyword);
    expect(found, `one ${keyword} in the final stage`).toHaveLength(1);
    return found[0]!.args;
  };

  it('builds in a first stage on a Debian-based Node 20 image and runs the compiled server', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage[0]!.args).toMatch(/^node:20(\.\d+)*-(bookworm|bullseye)(-slim)?(\s+AS\s+\w+)?$/i);
    const build = stages.slice(0, -1).flat();
    expect(build.some((i) => i.keyword === 'RUN' && i.args.includes('npm run build'))).toBe(true);
    expect(final.some((i) => i.keyword === 'COPY' && /--from=\w+\s+\S*dist\b/.test(i.args))).toBe(true);
    // package.json says "type": "module": without it node reads dist/*.js as CommonJS
    expect(final.some((i) => i.keyword === 'COPY' && /\bpackage\.json\b/.test(i.args))).toBe(true);
    for (const dir of ['views', 'drizzle']) expect(final.some((i) => i.keyword === 'COPY' && new RegExp(`\\b${dir}\\b`).test(i.args)), dir).toBe(true);
    expect(JSON.parse(one('CMD'))).toEqual(['node', 'dist/server.js']);
    expect(envOf(final).NODE_ENV).toBe('production');
  });

  it('runs as a non-root user', () => {
    const users = final.filter((i) => i.keyword === 'USER').map((i) => i.args.split(':')[0]!);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
    // the user is set before the command it runs
    expect(final.findLastIndex((i) => i.keyword === 'USER')).toBeLessThan(final.findIndex((i) => i.keyword === 'CMD'));
  });

  it('keeps the database and the uploaded reports on a volume', () => {
    const env = envOf(final);
    const volumes = volumesOf(final);
    expect(volumes.length).toBeGreaterThan(0);
    expect(env.DATABASE_PATH).toBeDefined();
    expect(env.UPLOAD_DIR).toBeDefined();
    expect(volumes.some((v) => under(env.DATABASE_PATH!, v)), `${env.DATABASE_PATH} on a volume`).toBe(true);
    expect(volumes.some((v) => under(env.UPLOAD_DIR!, v)), `${env.UPLOAD_DIR} on a volume`).toBe(true);
  });

  it('checks health on /readyz', () => {
    const check = one('HEALTHCHECK');
    expect(check).toMatch(/\bCMD\b/);
    expect(check).toContain('/readyz');
    expect(check).toMatch(/--interval=\d+s/);
  });

  it('keeps local data, builds and secrets out of the build context', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim());
    for (const p of ['node_modules', 'dist', 'data', '*.db', '.env', '.git']) expect(ignored, p).toContain(p);
  });
});

describe('docs/deploy.md', () => {
  const doc = readFileSync('docs/deploy.md', 'utf8');
  const sections = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
  const section = (title: RegExp) => {
    const i = sections.findIndex((s) => title.test(s));
    expect(i, `a section ${title}`).toBeGreaterThanOrEqual(0);
    const start = doc.indexOf(`## ${sections[i]}`);
    const next = sections[i + 1] ? doc.indexOf(`## ${sections[i + 1]}`) : doc.length;
    return doc.slice(start, next);
  };

  it('has a systemd unit that runs the compiled server', () => {
    const s = section(/systemd/i);
    expect(s).toContain('[Service]');
    expect(s).toMatch(/ExecStart=\S*node dist\/server\.js/);
    expect(s).toMatch(/NODE_ENV=production/);
  });

  it('has an nginx block for HTTPS with TRUST_PROXY', () => {
    const s = section(/nginx/i);
    expect(s).toMatch(/listen 443 ssl/);
    expect(s).toContain('proxy_pass http://127.0.0.1:3000');
    expect(s).toContain('X-Forwarded-Proto');
    expect(s).toContain('TRUST_PROXY=true');
  });

  it('has backups: the online backup on a timer, what it protects against, how often, restore and its proof', () => {
    const s = section(/backup/i);
    expect(s).toContain('[Timer]');
    expect(s).toMatch(/OnCalendar=/);
    expect(s).toMatch(/backup-cli|npm run backup/);
    expect(s).toMatch(/protects against/i);
    expect(s).toMatch(/how often/i);
    expect(s).toMatch(/restore/i);
    expect(s).toContain('PRAGMA integrity_check');
    expect(s).toMatch(/count\(\*\)/);
  });

  it('has upgrades, with the migrations applied at start', () => {
    const s = section(/upgrad/i);
    expect(s).toMatch(/migrations?/i);
    expect(s).toMatch(/at start/i);
    expect(s).toContain('/readyz');
  });
});
