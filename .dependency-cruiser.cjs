/**
 * Module boundaries (see docs/ARCHITECTURE.md), checked by `npm run lint`:
 * - no import cycles;
 * - the kernel and every module's domain/ are pure: no database, HTTP, CLI, file system or network;
 * - a module reaches another module only through that module's index.ts;
 * - the database layer knows nothing of modules, HTTP or the CLI.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'kernel-is-pure',
      severity: 'error',
      comment: 'src/kernel imports nothing else from src/ and no I/O',
      from: { path: '^src/kernel/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: ['^src/kernel/', 'node_modules/(ulid)/', '^node:crypto$', '^crypto$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain/ holds pure rules and decisions: kernel and its own domain only',
      from: { path: '^src/modules/([^/]+)/domain/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: ['^src/kernel/', '^src/modules/$1/domain/', 'node_modules/(csv-parse)/'] },
    },
    {
      name: 'modules-talk-through-index',
      severity: 'error',
      comment: 'import another module only from its index.ts',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'db-layer-knows-no-modules',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: ['^src/modules/', '^src/http/', '^src/cli/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
