// The layers of src/ as rules (README → Architecture), run by `npm run lint`. Paths are resolved
// through tsconfig.web.json, the one tsconfig that declares both aliases (@shared, @renderer);
// type-only imports count too: a circle or a reach across layers is one even when erased.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other: put what both need in a file of its own below them.',
      from: { path: '^src/' },
      to: { circular: true }
    },
    {
      name: 'shared-is-process-neutral',
      severity: 'error',
      comment:
        'src/shared is loaded by main, preload, renderer and CLI alike: it imports nothing from a ' +
        'process (main, renderer, preload, cli, harness) and no Node built-in.',
      from: { path: '^src/shared/' },
      to: { path: '^src/(main|renderer|preload|cli|harness)/' }
    },
    {
      name: 'shared-has-no-node',
      severity: 'error',
      comment: 'src/shared runs in the renderer too, where Node built-ins do not exist.',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'] }
    },
    {
      name: 'engine-stands-alone',
      severity: 'error',
      comment:
        'The engine (src/main/fediverse) is the seed-parity library: it knows nothing of the ' +
        'vault, the endpoint, transfer, the tray or the composition root that use it.',
      from: { path: '^src/main/fediverse/' },
      to: { path: '^src/main/(vault|endpoint|transfer|tray|composition)/' }
    },
    {
      name: 'features-not-composition-root',
      severity: 'error',
      comment:
        'Only the shell (src/main/index.ts) and the harness build the app from ' +
        'src/main/composition; a feature gets what it needs passed in.',
      from: { path: '^src/main/', pathNot: '^src/main/(composition/|index[.]ts$)' },
      to: { path: '^src/main/composition/' }
    },
    {
      name: 'renderer-only-shared-and-itself',
      severity: 'error',
      comment:
        'The renderer reaches main only through window.api: it imports @shared, its own files ' +
        'and npm packages, nothing from main, preload, the CLI or Node.',
      from: { path: '^src/renderer/' },
      to: { pathNot: '^(src/renderer/|src/shared/|node_modules/)' }
    },
    {
      name: 'electron-only-in-the-shell',
      severity: 'error',
      comment:
        'Electron is imported only by src/main/index.ts, src/main/platform/ and the preload: ' +
        'every behaviour lives in plain TypeScript tested in Node.',
      from: { pathNot: '^src/(main/index[.]ts$|main/platform/|preload/)' },
      to: { path: '^(electron|node_modules/electron/)' }
    },
    {
      name: 'src-not-to-tests',
      severity: 'error',
      comment: 'Test doubles and fixtures live under tests/ and are never shipped.',
      from: { path: '^src/' },
      to: { path: '^(tests|bench)/' }
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to no file on disk.',
      from: { path: '^src/' },
      to: { couldNotResolve: true }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.web.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts', '.json']
    }
  }
}
