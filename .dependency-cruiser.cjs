/**
 * The layering of DESIGN.md §2, enforced by `npm test` (npm run boundaries):
 *   shared ← db ← electron/services ← {electron/main, electron/host, electron/cli}, the doors reaching the
 *   services only through the core's client (electron/services/core/client.ts);
 *   renderer → shared only; central → shared only; only the Electron shell and preload import 'electron'.
 */
const nodeOnly = [
  'better-sqlite3',
  'kysely',
  'electron',
  'exceljs',
  '@etalab/decoupage-administratif',
  'decoupage-administratif-2021',
];
const packages = (names) => `^(node_modules/(${names.join('|')})/|(${names.join('|')})$)`;
// What a door may load of electron/services at run time: the core's client, and file helpers with no database.
const doorModules = [
  'core/client',
  'core/protocol',
  'core/worker-port',
  'gate',
  'paths',
  'log',
  'atomic-write',
  'static-files',
  'watch/watch-folder',
  'import/staged-files',
];
// An npm package resolves into node_modules/; our own electron/ folder must not match.
const electronPackage = packages(['electron']);

module.exports = {
  forbidden: [
    {
      name: 'shared-is-isomorphic',
      comment: 'shared/ runs in Node and in the renderer: it imports nothing but shared/ and pure packages.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { pathNot: ['^shared/', '^node_modules/zod/'] },
    },
    {
      name: 'db-below-services',
      comment: 'db/ knows only shared/ and its own drivers.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^(electron|renderer|central)/' },
    },
    {
      name: 'services-never-import-electron',
      comment: 'Application services are plain Node, testable without Electron; only the shell imports it.',
      severity: 'error',
      from: { path: '^electron/services/' },
      to: { path: [electronPackage, '^electron/(main|preload|host|cli)/', '^renderer/'] },
    },
    {
      name: 'only-the-shell-imports-electron',
      severity: 'error',
      from: { pathNot: '^electron/(main|preload)/' },
      to: { path: electronPackage },
    },
    {
      name: 'doors-go-through-services',
      comment:
        'Electron IPC, the browser host and the CLI add no business logic and never open or query the database.',
      severity: 'error',
      from: { path: '^electron/(main|preload|host|cli)/' },
      to: { path: ['^db/', packages(['better-sqlite3', 'kysely'])] },
    },
    {
      name: 'doors-reach-the-core-through-its-client',
      comment:
        'The services run in the core (a utility process or a worker thread): a door loads only the client, the ' +
        'gate type and the few file helpers a shell needs, never a service that would open the database there.',
      severity: 'error',
      from: { path: '^electron/(main|preload|host|cli)/' },
      to: {
        path: '^electron/services/',
        pathNot: `^electron/services/(${doorModules.join('|')})[.]ts$`,
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'doors-are-independent',
      severity: 'error',
      from: { path: '^electron/(main|preload|host|cli)/' },
      to: { path: '^electron/(main|preload|host|cli)/', pathNot: '^electron/$1/' },
    },
    {
      name: 'renderer-talks-only-to-the-contract',
      comment: 'The UI reaches the application only through the typed api; never Node, never the database.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: ['^(db|electron|central)/', packages(nodeOnly)], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'central-only-shares-the-contract',
      severity: 'error',
      from: { path: '^central/' },
      to: { path: '^(db|electron|renderer)/' },
    },
    {
      name: 'only-tests-import-central',
      comment: 'The central service is a separate program: the desktop reaches it over HTTP only.',
      severity: 'error',
      from: { pathNot: '^(central|tests)/' },
      to: { path: '^central/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
