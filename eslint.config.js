// Type-aware lint. The promise rules matter most here: a forgotten await around a transaction is a real bug.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      'bench/results/**',
      'test-artifacts/**',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          // The few JavaScript files (this config, the CLI's launcher) are in no tsconfig; they are checked alone.
          allowDefaultProject: ['*.js', 'apps/*/bin/*.mjs', 'apps/server/reference/*.js'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      // Kysely's expression builders are meant to be destructured ({ exists, selectFrom }).
      '@typescript-eslint/unbound-method': 'off',
      // A switch over a union must name every member, so a new status or code cannot fall through unnoticed.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowNullish: true },
      ],
    },
  },
  {
    // The API reference page's script (apps/server/reference), served to browsers as it is: plain JavaScript over
    // the untyped /openapi.json, so the type-aware rules have nothing to check there.
    files: ['apps/server/reference/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { project: false, program: null, projectService: false },
      globals: { document: 'readonly', window: 'readonly', location: 'readonly', fetch: 'readonly' },
    },
  },
  {
    // The two rules of hooks. The plugin's React Compiler rules are left out: the app is not compiled by it.
    files: ['apps/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      // useLoad(load, key) takes a dependency list like useEffect's, so its callers are checked the same way.
      'react-hooks/exhaustive-deps': ['error', { additionalHooks: '^useLoad$' }],
    },
  },
);
