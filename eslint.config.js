// One linter for the whole tree. Type-aware rules catch floating promises and non-exhaustive switches;
// the restrictions below keep the core pure and the shells away from its internals.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'process',
  'stream',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];

const htmlProperties = [
  { property: 'innerHTML', message: 'Untrusted text is never rendered as HTML.' },
  { property: 'outerHTML', message: 'Untrusted text is never rendered as HTML.' },
];

/**
 * The shells import the core through its index, or through the light entry points it declares for a shell that must
 * start fast: `/lint` (linting and showing findings) and `/verdicts` (data only).
 */
const coreImports = {
  group: [
    '**/shared/src/**',
    '@sts-inspector/shared/*',
    '!@sts-inspector/shared/lint',
    '!@sts-inspector/shared/verdicts',
  ],
  message:
    'Import the core only through @sts-inspector/shared (its index), or its light entry points /lint and /verdicts.',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'test/fixtures/generated/**', 'test/lab/run/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.js',
            '*.mjs',
            'lsp/*.mjs',
            'extension/*.mjs',
            'lsp/bin/*.js',
            'lsp/bin/*.cjs',
            '.ci/*.mjs',
            'vitest.config.ts',
          ],
          // The build scripts and configuration files above, about ten: more than the default of 8.
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16,
        },
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // Parsers inspect untrusted text for control characters on purpose.
      'no-control-regex': 'off',
      // A leading underscore marks a binding kept on purpose, e.g. the key of a `for … in` that only counts.
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      'no-restricted-properties': ['error', ...htmlProperties],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Never render HTML.' },
      ],
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    ignores: ['shared/src/**/*.test.ts', 'shared/src/**/*.test-helpers.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'The core is pure: inject I/O instead.' })),
            { name: 'webextension-polyfill', message: 'The core knows no browser.' },
            { name: 'preact', message: 'The core renders nothing.' },
          ],
          patterns: [
            { group: ['node:*'], message: 'The core is pure: inject I/O instead.' },
            { group: ['vscode*'], message: 'The core knows no editor.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'self',
          'caches',
          'indexedDB',
          'importScripts',
          'chrome',
          'browser',
          'localStorage',
          'XMLHttpRequest',
          'process',
          'Buffer',
          'window',
          'document',
        ].map((name) => ({ name, message: 'The core is pure.' })),
      ],
    },
  },
  {
    files: ['lsp/**/*.ts', 'extension/**/*.ts', 'extension/**/*.tsx', 'test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [coreImports],
        },
      ],
    },
  },
  {
    // The extension renders DNS data, policies and reports from anywhere: text nodes only, and the browser API
    // through one module.
    files: ['extension/src/**/*.ts', 'extension/src/**/*.tsx'],
    ignores: ['extension/src/browser.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'webextension-polyfill',
              message: 'Import the browser API from src/browser.ts, the one module that loads the polyfill.',
            },
          ],
          patterns: [coreImports],
        },
      ],
      'no-restricted-properties': [
        'error',
        ...htmlProperties,
        { property: 'insertAdjacentHTML', message: 'Untrusted text is never rendered as HTML.' },
        { property: 'write', object: 'document', message: 'Untrusted text is never rendered as HTML.' },
        { property: 'createContextualFragment', message: 'Untrusted text is never rendered as HTML.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Never render HTML.' },
        { selector: "Property[key.name='dangerouslySetInnerHTML']", message: 'Never render HTML.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'chrome', message: 'Use the browser namespace from src/browser.ts.' },
        { name: 'eval', message: 'No code from strings.' },
      ],
    },
  },
  {
    // Input decides how many files, rows and findings there are: spreading them into arguments overflows the stack.
    files: ['lsp/src/cli/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Never render HTML.' },
        {
          selector:
            'CallExpression[callee.property.name=/^(push|unshift|max|min|fromCharCode)$/] > SpreadElement',
          message: 'Spread arguments are bounded by the stack: loop, or use reduce.',
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/*.test-helpers.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The installed command is CommonJS, so that Node starts no ES module loader for it.
    files: ['**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
