// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { layerConfigs } from './eslint.layers.mjs';

// Import boundaries: libs are plain building blocks and never reach into apps;
// the hub and the node never import each other (they meet only through @cp/contract).
const noAppsFromLibs = {
  patterns: [{ group: ['**/apps/**', 'apps/*'], message: 'libs must not import from apps.' }],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '*.js',
      '*.mjs',
      '.demo/**',
      'bench/**/register.js',
    ],
  },
  // ESLint's own configuration (this file and the layers) is linted too, without type information.
  { ignores: ['!eslint.config.mjs', '!eslint.layers.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  { files: ['libs/**/*.ts'], rules: { 'no-restricted-imports': ['error', noAppsFromLibs] } },
  {
    files: ['apps/node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/hub/**', '**/hub/src/**'],
              message: 'The node meets the hub only through @cp/contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/hub/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/node/**', '**/node/src/**'],
              message: 'The hub meets the node only through @cp/contract.',
            },
          ],
        },
      ],
    },
  },
  {
    // The node's web app: plain ES modules run by the browser (no build step), linted without type information.
    files: ['apps/node/src/web/public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: Object.fromEntries(
        ['window', 'document', 'location', 'sessionStorage', 'fetch', 'URL', 'URLSearchParams', 'CSS', 'Node']
          .concat(['CustomEvent', 'Intl', 'console'])
          .map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    // The hub operators' console: one plain ES module run by the browser, linted without type information.
    files: ['apps/hub/src/operations/console/public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: Object.fromEntries(
        ['window', 'document', 'location', 'fetch', 'URLSearchParams', 'setInterval'].map((name) => [
          name,
          'readonly',
        ]),
      ),
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts', 'deploy/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      // supertest bodies are untyped JSON; tests assert on them directly.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      'no-console': 'off',
    },
  },
  { files: ['eslint.config.mjs', 'eslint.layers.mjs'], ...tseslint.configs.disableTypeChecked },
  // Layers: in each app no import climbs from a folder to one above it, and every folder has its place.
  ...layerConfigs(),
);
