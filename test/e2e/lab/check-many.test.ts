/**
 * `sts-inspector check --from-file` against the lab: the built bin reads a list of lab domains (from a file, and
 * from standard input with `-`), checks them over real DoH and HTTPS, and writes one JSON line per domain as each
 * ends, then a summary; the exit code is the worst of the domains', as for domains given as arguments.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Verdict } from '@sts-inspector/shared';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { labCliArgs, labFromSetup, type Lab } from '../../helpers/lab.js';
import { runCli } from '../../helpers/run-cli.js';

const lab = labFromSetup(inject('lab'));

/** Lab domains and the verdict each must get. */
const expected: Record<string, Verdict> = {
  'enforce.test': 'enforced',
  'testing.test': 'testing',
  'absent.test': 'absent',
  'policy-404.test': 'broken',
  'mode-none.test': 'none',
  'several-mx.test': 'enforced',
};

const list = `# lab domains\n${Object.keys(expected).join('\n')}\n\n`;

interface Line {
  type: 'domain' | 'summary' | 'error';
  domain?: string;
  verdict?: Verdict;
  checked?: number;
  verdicts?: Record<Verdict, number>;
}

const labArgs = (lab: Lab): string[] => [...labCliArgs(lab), '--concurrency', '3'];

function parse(stdout: string): Line[] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

function assertResults(lines: Line[]): void {
  const domains = lines.filter((l) => l.type === 'domain');
  expect(Object.fromEntries(domains.map((l) => [l.domain, l.verdict]))).toEqual(expected);
  expect(domains).toHaveLength(Object.keys(expected).length);
  expect(lines.at(-1)).toMatchObject({
    type: 'summary',
    checked: 6,
    verdicts: { enforced: 2, testing: 1, absent: 1, broken: 1, none: 1, unknown: 0 },
  });
}

describe.skipIf(!lab)('sts-inspector check --from-file against the lab', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sts-check-many-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('checks the domains of a file: a JSON line each, a summary, exit 1 for the broken one', async () => {
    const file = join(dir, 'domains.txt');
    writeFileSync(file, list);
    const run = await runCli(['check', '--from-file', file, ...labArgs(lab!)]);
    expect(run.stderr).toBe('');
    assertResults(parse(run.stdout));
    expect(run.code).toBe(1);
  });

  it('reads the list from standard input with -', async () => {
    const run = await runCli(['check', '--from-file', '-', ...labArgs(lab!)], {}, 120_000, list);
    expect(run.stderr).toBe('');
    assertResults(parse(run.stdout));
    expect(run.code).toBe(1);
  });
});
