/**
 * Global setup of the lab tests: starts the lab once per test run, gives the tests its address through
 * `inject('lab')`, and stops it at the end. On a machine without the lab's packages the lab tests are skipped
 * with one line saying how to enable them; under CI a missing lab is a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLab, type Lab } from './helpers/lab.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The running lab, or null when this machine cannot run it. */
    lab: Lab | null;
  }
}

/**
 * The test lab's own loopback address, so it never clashes with a lab a person runs (`npm run lab`, on
 * 127.0.0.1) or the benchmark's: the policy hosts must be on port 443 of whatever address the zones name.
 * `LAB_TEST_ADDR` picks another one, so that two checkouts can run their suites at once.
 */
const testLabAddr = process.env.LAB_TEST_ADDR ?? '127.0.0.2';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'sts-inspector-lab-'));
  const started = await startLab({ dir, addr: testLabAddr });
  if (!started.ok) {
    rmSync(dir, { recursive: true, force: true });
    if (process.env.CI === 'true') {
      throw new Error(`the lab cannot run under CI: ${started.reason}`);
    }
    console.warn(`lab tests skipped: ${started.reason}`);
    project.provide('lab', null);
    return undefined;
  }
  project.provide('lab', started.lab);
  return async () => {
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
