// Type-aware lint. The rules that matter most here:
// - no-floating-promises: a forgotten await on a send is a lost message;
// - switch-exhaustiveness-check: every message union is handled in full;
// - no-restricted-imports in saga and domain folders: orchestration logic stays pure.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.tools/**', '.local/**', 'coverage/**', '**/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Saga definitions, the orchestrator and domain rules are pure: state + message in,
    // state + commands out. I/O belongs to adapters.
    files: [
      '**/src/saga/**/*.ts',
      '**/src/domain/**/*.ts',
      'packages/saga-*/src/**/*.ts',
      'packages/procedures/src/**/*.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Orchestration and domain code does no I/O.' },
            {
              group: ['kafkajs', 'pg', 'fastify', 'fastify-*', '@fastify/*', 'pino'],
              message: 'Orchestration and domain code does no I/O.',
            },
          ],
        },
      ],
      // Time comes in through the decision context; `new Date(x)` of a given instant is fine.
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'fetch', 'process'],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Read time from the context.',
        },
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'Read time from the context.',
        },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Take randomness from the context.',
        },
      ],
    },
  },
  {
    // Command-line entry points print for people.
    files: ['**/src/cli/**/*.ts', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.cjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
