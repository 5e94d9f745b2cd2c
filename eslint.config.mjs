import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', 'devTools/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The layering in ARCHITECTURE.md: services and cards never touch Teams or Azure SDKs directly.
    files: ['services/**/*.ts', 'cards/**/*.ts'],
    ignores: ['services/store/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['botbuilder*', 'botframework-*', 'restify', '@azure/cosmos'] }],
    },
  },
  {
    files: ['services/store/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['botbuilder*', 'botframework-*', 'restify'] }] },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly' } },
  },
);
