import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'threads',
    maxWorkers: 2,
    // Backstops against a hang, never a statement about speed: on a busy two-core machine a property test or a
    // lab check can take many times what it takes on an idle one.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The JSON file lets .ci/run print one plain 'N passed, N failed' line.
    reporters: ['default', ['json', { outputFile: 'node_modules/.cache/vitest/results.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['shared/src/**/*.test.ts', 'lsp/src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/e2e/lab/**', '**/*.lab.test.ts', '**/node_modules/**'],
        },
      },
      {
        // Components of the extension's pages, rendered in a simulated DOM with a fake browser API.
        extends: true,
        test: {
          name: 'extension',
          include: ['extension/src/**/*.test.ts', 'extension/src/**/*.test.tsx'],
          environment: 'happy-dom',
        },
      },
      {
        // Only this project starts the lab of real servers (test/lab), once per run.
        extends: true,
        test: {
          name: 'lab',
          include: ['test/e2e/lab/**/*.test.ts', 'test/e2e/**/*.lab.test.ts'],
          globalSetup: ['test/vitest.setup.ts'],
        },
      },
    ],
  },
});
