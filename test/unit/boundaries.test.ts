// The boundaries `npm run lint` enforces (.dependency-cruiser.cjs) bite: a small tree written for the test
// breaks each rule once, and dependency-cruiser — run with the repository's own configuration — names
// every break, and nothing in the tree that keeps to the rules.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const DEPCRUISE = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** path → source; each import is one edge of the tree */
const TREE: Record<string, string> = {
  // fine: a feature module asks access; a page module composes two features; a route calls its service
  'src/modules/access/access.service.ts': `export const canSee = () => true;\n`,
  'src/modules/alpha/alpha.repository.ts': `export const rows = () => [];\n`,
  'src/modules/alpha/alpha.service.ts': `import { canSee } from '../access/access.service.js';\nimport { rows } from './alpha.repository.js';\nexport const list = () => (canSee() ? rows() : []);\n`,
  'src/modules/alpha/alpha.routes.ts': `import { list } from './alpha.service.js';\nexport const route = () => list();\n`,
  'src/modules/pages/page.ts': `import { list } from '../alpha/alpha.service.js';\nexport const page = () => list();\n`,
  'src/domain/law.ts': `export const LEVELS = [1, 2, 3, 4, 5];\n`,
  'src/i18n/index.ts': `export const t = (k: string) => k;\n`,
  // breaks: two modules that import each other
  'src/modules/beta/beta.service.ts': `import { g } from '../gamma/gamma.service.js';\nexport const b = () => g();\n`,
  'src/modules/gamma/gamma.service.ts': `import { b } from '../beta/beta.service.js';\nexport const g = (): unknown => b;\n`,
  // breaks: the domain formats with i18n, and reads a file
  'src/domain/impure.ts': `import { t } from '../i18n/index.js';\nexport const label = () => t('x');\n`,
  'src/domain/io.ts': `import { readFileSync } from 'node:fs';\nexport const read = () => readFileSync('x');\n`,
  // breaks: another module's repository; a route reading a repository
  'src/modules/delta/delta.service.ts': `import { rows } from '../alpha/alpha.repository.js';\nexport const d = () => rows();\n`,
  'src/modules/delta/delta.routes.ts': `import { rows } from '../alpha/alpha.repository.js';\nexport const r = () => rows();\n`,
  // breaks: a feature module importing a page module and another module's routes
  'src/modules/epsilon/epsilon.service.ts': `import { page } from '../pages/page.js';\nimport { route } from '../alpha/alpha.routes.js';\nexport const e = () => [page(), route()];\n`,
  // breaks: access importing a feature module
  'src/modules/access/access.extra.ts': `import { list } from '../alpha/alpha.service.js';\nexport const x = () => list();\n`,
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true } }),
};

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

let root: string;
let violations: Violation[];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'capdo-boundaries-'));
  for (const [path, text] of Object.entries(TREE)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  let out: string;
  try {
    out = execFileSync(process.execPath, [DEPCRUISE, 'src', '--config', join(REPO, '.dependency-cruiser.cjs'), '--output-type', 'json'], { cwd: root, encoding: 'utf8' });
  } catch (err) {
    out = (err as { stdout: string }).stdout; // it exits non-zero when it finds violations
  }
  violations = (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const broken = (rule: string) => violations.filter((v) => v.rule.name === rule).map((v) => `${v.from} → ${v.to}`).sort();

describe('npm run lint’s boundaries', () => {
  it('refuse two modules that import each other', () => {
    // beta ↔ gamma, and access ↔ alpha (access importing a feature that asks access closes a loop too)
    const modules = new Set(broken('no-module-cycles').flatMap((e) => e.split(' → ')));
    expect([...modules].sort()).toEqual(['src/modules/access', 'src/modules/alpha', 'src/modules/beta', 'src/modules/gamma']);
  });

  it('refuse a domain file importing from outside the domain, or doing I/O', () => {
    expect(broken('domain-is-pure')).toEqual(['src/domain/impure.ts → src/i18n/index.ts']);
    expect(broken('domain-no-node')).toEqual(['src/domain/io.ts → fs']);
  });

  it('refuse another module’s repository, and a route reading any repository', () => {
    expect(broken('repository-is-private')).toEqual([
      'src/modules/delta/delta.routes.ts → src/modules/alpha/alpha.repository.ts',
      'src/modules/delta/delta.service.ts → src/modules/alpha/alpha.repository.ts',
    ]);
    expect(broken('routes-never-import-repositories')).toEqual(['src/modules/delta/delta.routes.ts → src/modules/alpha/alpha.repository.ts']);
  });

  it('refuse a feature module importing a page module or another module’s routes, and access importing a feature', () => {
    expect(broken('pages-are-on-top')).toEqual(['src/modules/epsilon/epsilon.service.ts → src/modules/pages/page.ts']);
    expect(broken('routes-are-not-imported-across-modules')).toEqual(['src/modules/epsilon/epsilon.service.ts → src/modules/alpha/alpha.routes.ts']);
    expect(broken('access-is-at-the-bottom')).toEqual(['src/modules/access/access.extra.ts → src/modules/alpha/alpha.service.ts']);
  });

  it('find nothing in the files that keep to the rules', () => {
    const fine = ['src/modules/alpha/alpha.service.ts', 'src/modules/alpha/alpha.routes.ts', 'src/modules/pages/page.ts', 'src/domain/law.ts'];
    expect(violations.filter((v) => fine.includes(v.from))).toEqual([]);
  });
});
