// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The core is pure: it never touches the file system, the network, the environment,
 * the clock or a random source. Time, randomness and keys are parameters. These rules
 * make that a property the build checks rather than a promise.
 */
const impureModules = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'http2',
  'node:http2',
  'dgram',
  'node:dgram',
  'dns',
  'node:dns',
  'child_process',
  'node:child_process',
  'os',
  'node:os',
  'process',
  'node:process',
  'worker_threads',
  'node:worker_threads',
  'cluster',
  'node:cluster',
  'tls',
  'node:tls',
  'readline',
  'node:readline',
  'timers',
  'node:timers',
  'perf_hooks',
  'node:perf_hooks',
];
const randomExports = [
  'randomBytes',
  'randomUUID',
  'randomInt',
  'randomFill',
  'randomFillSync',
  'getRandomValues',
  'generateKeyPair',
  'generateKeyPairSync',
  'generateKey',
  'generateKeySync',
  'webcrypto',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/coverage/**', '**/dist/**', '.ci/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'error',
      eqeqeq: ['error', 'always'],
      // Fastify plugins and hooks are async by contract, whether or not they await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    ignores: ['packages/core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...impureModules.map((name) => ({ name, message: 'The core is pure: pass I/O in as a parameter.' })),
            { name: 'crypto', message: 'Import node:crypto.' },
            { name: 'node:crypto', importNames: randomExports, message: 'The core takes randomness as a parameter (Random).' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The core never reads the environment.' },
        { name: 'crypto', message: 'The core takes randomness as a parameter (Random).' },
        { name: 'fetch', message: 'The core does no network I/O.' },
        { name: 'setTimeout', message: 'The core never waits on the clock.' },
        { name: 'setInterval', message: 'The core never waits on the clock.' },
        { name: 'performance', message: 'The core never reads the clock.' },
        { name: 'require', message: 'Use imports.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The core takes the time as a parameter.' },
        { object: 'Math', property: 'random', message: 'The core takes randomness as a parameter (Random).' },
        { object: 'globalThis', property: 'crypto', message: 'The core takes randomness as a parameter (Random).' },
        { object: 'globalThis', property: 'process', message: 'The core never reads the environment.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'NewExpression[callee.name="Date"][arguments.length=0]', message: 'The core takes the time as a parameter.' },
        { selector: 'CallExpression[callee.name="Date"]', message: 'The core takes the time as a parameter.' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.bench.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
