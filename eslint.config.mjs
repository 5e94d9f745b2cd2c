import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const TEAMS = [{ group: ['botbuilder*', 'botframework-*', 'restify'], message: 'Only bot/ speaks to Teams.' }];
const COSMOS = { group: ['@azure/cosmos'], message: 'Only services/store/ uses the Cosmos DB SDK.' };
const STORE_MAY_USE = ['domain', 'errors', 'config', 'logger', 'clock'];
const CARDS_MESSAGE = 'cards/ imports only the domain vocabulary (services/domain) from services/.';
const STORE_MESSAGE = 'services/store/ imports only the domain vocabulary, errors, config, logger and clock: never a feature.';
const HANDLER_MESSAGE = 'Handlers call services; only services use the Store.';

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
    // The layering in ARCHITECTURE.md: services never touch Teams or Azure SDKs directly.
    files: ['services/**/*.ts'],
    ignores: ['services/store/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...TEAMS, COSMOS] }],
    },
  },
  {
    // Cards render the domain's views: the only thing they take from services/ is its vocabulary.
    files: ['cards/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...TEAMS,
            COSMOS,
            { group: ['**/services/**', '!**/services/domain', '!**/services/domain/**'], message: CARDS_MESSAGE },
          ],
        },
      ],
    },
  },
  {
    // The store persists the domain's records and knows no feature.
    files: ['services/store/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...TEAMS,
            { group: ['../*', ...STORE_MAY_USE.map((m) => `!../${m}`), '!../domain/**'], message: STORE_MESSAGE },
          ],
        },
      ],
    },
  },
  {
    files: ['services/store/*/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...TEAMS,
            { group: ['../../*', ...STORE_MAY_USE.map((m) => `!../../${m}`), '!../../domain/**'], message: STORE_MESSAGE },
          ],
        },
      ],
    },
  },
  {
    // Handlers parse input, call a service and render a card: they never reach the Store.
    files: ['bot/handlers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/services/store', '**/services/store/**'], message: HANDLER_MESSAGE }] },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='store'][object.name='deps']", message: HANDLER_MESSAGE },
      ],
    },
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
