import { describe, expect, it } from 'vitest';
import { Analyses, kindOf, type DocumentSnapshot } from './documents.js';
import type { ReportLinter } from './report-linter.js';
import type { ReportJob, ReportJobResult } from './report-work.js';

const doc = (uri: string, languageId: string, text: string, version = 1): DocumentSnapshot => ({
  uri,
  languageId,
  version,
  getText: () => text,
});

describe('document kinds', () => {
  it('takes the language id first, then the file name and content through the core', () => {
    expect(kindOf(doc('file:///a/x.txt', 'mta-sts', ''), '')).toBe('policy');
    expect(kindOf(doc('file:///a/x.txt', 'mta-sts-record', ''), '')).toBe('sts-record');
    expect(kindOf(doc('file:///a/db.example.com', 'plaintext', ''), '')).toBe('dns-zone');
    expect(kindOf(doc('file:///a/example.com.zone', 'plaintext', ''), '')).toBe('dns-zone');
    expect(
      kindOf({ uri: 'file:///a/policy.txt', languageId: 'plaintext' }, 'version: STSv1\nmode: testing\n'),
    ).toBe('policy');
    expect(kindOf({ uri: 'file:///a/x.eml', languageId: 'plaintext' }, 'From: a\n')).toBe('report-email');
  });

  it('leaves JSON that is no report alone', () => {
    const report = '{ "organization-name": "x", "policies": [] }';
    expect(kindOf({ uri: 'file:///a/r.json', languageId: 'json' }, report)).toBe('report');
    expect(kindOf({ uri: 'file:///a/package.json', languageId: 'json' }, '{ "name": "x" }')).toBeUndefined();
  });
});

/** Let queued promise callbacks run until a condition holds (no timers involved). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) {
    await Promise.resolve();
  }
  expect(condition()).toBe(true);
}

/** A report linter whose jobs finish when the test says so. */
function manualLinter(): ReportLinter & { jobs: ReportJob[]; finish(): void } {
  const waiting: { job: ReportJob; resolve: (r: ReportJobResult) => void }[] = [];
  const jobs: ReportJob[] = [];
  return {
    jobs,
    finish() {
      for (const w of waiting.splice(0)) {
        w.resolve({ uri: w.job.uri, version: w.job.version, findings: [], total: 0 });
      }
    },
    lint: (job) =>
      new Promise((resolve) => {
        jobs.push(job);
        waiting.push({ job, resolve });
      }),
    summary: () => Promise.resolve(undefined),
    summaryOfFile: () => Promise.resolve({ summary: undefined, error: 'not read in this test' }),
    outline: () => Promise.resolve([]),
    forget: () => undefined,
    dispose: () => Promise.resolve(),
  };
}

describe('analyses', () => {
  it('parses a version once, and skips a queued report job that a newer version superseded', async () => {
    const linter = manualLinter();
    const analyses = new Analyses(linter, () => ({ maxFindings: 10, domainOf: () => '' }));
    const text = '{ "organization-name": "x", "policies": [] }';
    const v1 = analyses.get(doc('file:///r.json', 'json', text, 1));
    expect(analyses.get(doc('file:///r.json', 'json', text, 1))).toBe(v1);
    await until(() => linter.jobs.length === 1);
    const v2 = analyses.get(doc('file:///r.json', 'json', text, 2));
    const v3 = analyses.get(doc('file:///r.json', 'json', text, 3));
    linter.finish();
    expect((await v1)?.version).toBe(1);
    await until(() => linter.jobs.length === 2);
    linter.finish();
    expect(await v2).toBeUndefined();
    expect((await v3)?.version).toBe(3);
    expect(linter.jobs.map((j) => j.version)).toEqual([1, 3]);
  });
});
