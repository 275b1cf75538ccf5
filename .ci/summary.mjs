// Prints the test runner's totals as one plain line: "tests: N passed, N failed, N skipped", or says that the
// tests did not run (a step before them failed, so vitest wrote no results file).
import { existsSync, readFileSync } from 'node:fs';

const file = 'node_modules/.cache/vitest/results.json';
if (!existsSync(file)) {
  console.log(`tests: no results (${file} is missing: the tests did not run, see the first error above)`);
} else {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
}
