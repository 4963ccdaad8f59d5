// @ts-check
import boundaries from 'eslint-plugin-boundaries';

/**
 * The layers of each app, bottom to top (docs/architecture.md, "Layers"). Every top-level folder of
 * apps/<app>/src is one layer and the files at src/ itself (app module, bootstrap, main) are the top one.
 * A file may import its own layer and any layer below it, never one above: no import climbs a layer.
 * A folder missing from its app's list is an error too, so each new folder gets its place here.
 */
export const ROOT_FILES = '(root files)';

export const LAYERS = {
  hub: [
    'config',
    'message-log',
    'trust',
    'federation',
    'locator-index',
    'search-routing',
    'handover',
    'operations',
    'health',
    'metrics',
    'database',
    'cli',
    ROOT_FILES,
  ],
  node: [
    'config',
    'access',
    'audit',
    'rate-limits',
    'message-log',
    'sessions',
    'users',
    'auth',
    'federation',
    'record-store',
    'shielding',
    'records',
    'search',
    'index-outbox',
    'cross-boundary-search',
    'handover',
    'access-history',
    'fhir',
    'misuse',
    'seed',
    'health',
    'metrics',
    'web',
    'database',
    'cli',
    ROOT_FILES,
  ],
};

/** The name of a layer in messages: its folder, or `root-files`. */
function layerName(layer) {
  return layer === ROOT_FILES ? 'root-files' : layer;
}

/** Each folder layer is an element (the folder, matched from the repository root) named after the folder. */
function elementsOf(app) {
  return LAYERS[app]
    .filter((layer) => layer !== ROOT_FILES)
    .map((layer) => ({ type: layer, pattern: `apps/${app}/src/${layer}`, partialMatch: false }));
}

/** The root files are files, not a folder: a file category of their own. */
function filesOf(app) {
  return [{ category: 'root-files', pattern: `apps/${app}/src/*` }];
}

function orderOf(app) {
  return `Bottom to top: ${LAYERS[app].map(layerName).join(' < ')} (eslint.layers.mjs, docs/architecture.md "Layers").`;
}

/** One policy per folder layer: no import of a folder above it; then one keeping the root files for the top. */
function policiesOf(app) {
  const folders = LAYERS[app].filter((layer) => layer !== ROOT_FILES);
  const climbs = folders.slice(0, -1).map((layer, index) => ({
    from: { element: { type: layer } },
    disallow: { to: { element: { type: folders.slice(index + 1) } } },
    message: `${app}: ${layer} may not import {{to.type}}, a layer above it: no import climbs a layer. ${orderOf(app)}`,
  }));
  const root = {
    from: { element: { type: folders } },
    disallow: { to: { file: { categories: 'root-files' } } },
    message:
      `${app}: {{from.type}} may not import {{dependency.source}} (root-files, the top layer): ` +
      `no import climbs a layer. ${orderOf(app)}`,
  };
  return [...climbs, root];
}

/** Flat-config blocks enforcing the layers of both apps (spread into eslint.config.mjs, and used by its test). */
export function layerConfigs() {
  return Object.keys(LAYERS).map((app) => ({
    files: [`apps/${app}/src/**/*.ts`, `apps/${app}/src/**/*.js`],
    plugins: { boundaries },
    settings: {
      'boundaries/root-path': import.meta.dirname,
      'boundaries/elements': elementsOf(app),
      'boundaries/files': filesOf(app),
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import', 'require'],
      'import/resolver': { node: { extensions: ['.ts', '.js', '.json'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'allow', policies: policiesOf(app) }],
      'boundaries/no-unknown-files': 'error',
    },
  }));
}
