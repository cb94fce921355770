// The boundaries of the house (ARCHITECTURE.md), checked by `npm run lint` (dependency-cruiser):
// pure law at the bottom, access above it, feature modules above access, the evaluation above the facts,
// page modules on top. test/unit/boundaries.test.ts proves each rule bites on a small tree of fixtures.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-module-cycles',
      comment: 'Modules must not import each other in a loop, through any number of files.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/modules/[^/]+/?$' },
      to: { path: '^src/modules/[^/]+/?$', circular: true },
    },
    {
      name: 'no-file-cycles',
      comment: 'No file imports itself through others.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-is-pure',
      comment: 'src/domain is the law: it imports nothing outside src/domain (no i18n: it returns ids and ISO dates).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'domain-no-node',
      comment: 'src/domain does no I/O.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'repository-is-private',
      comment: "A module's repository is imported only inside its own module.",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/[^/]*repository\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'routes-never-import-repositories',
      comment: 'Routes parse, call a service and render: they never read or write tables themselves.',
      severity: 'error',
      from: { path: '\\.routes\\.ts$' },
      to: { path: '[^/]*repository\\.ts$' },
    },
    {
      name: 'routes-are-not-imported-across-modules',
      comment: "A module never imports another module's routes (only app.ts mounts them).",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/[^/]*routes\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'pages-are-on-top',
      comment: 'Nothing but app.ts imports a page module.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/modules/pages/', '^src/app\\.ts$'] },
      to: { path: '^src/modules/pages/' },
    },
    {
      name: 'access-is-at-the-bottom',
      comment: 'The access module imports no feature module.',
      severity: 'error',
      from: { path: '^src/modules/access/' },
      to: { path: '^src/modules/', pathNot: '^src/modules/access/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // the entry points (server, app, config) and the demo seeds sit outside the layers and import across them
    exclude: { path: ['(^|/)node_modules/', '^src/[^/]+\\.ts$', '^seeds/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
    moduleSystems: ['es6'],
  },
};
