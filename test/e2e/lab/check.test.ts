/**
 * `sts-inspector check` against the lab, one scenario per domain: the built bin as a user runs it, over real
 * DNS-over-HTTPS to unbound and real HTTPS to nginx, with the default bounds a user gets. Each scenario must give
 * its verdict, exactly its error and warning codes, and the exit code they call for; infos are asserted where the
 * scenario is about them. A timeout is asserted by what happened on both ends (the finding, and what the policy
 * host logged it had sent), never by how long it took, so the suite holds on a busy machine.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Finding, FindingCode, Posture, Verdict } from '@sts-inspector/shared';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { accessLogEntry } from '../../helpers/access-log.js';
import { labCliArgs, labFromSetup, type Lab } from '../../helpers/lab.js';
import { limitConcurrency } from '../../helpers/limit.js';
import { runCli } from '../../helpers/run-cli.js';

const lab = labFromSetup(inject('lab'));

/**
 * At most this many `check` processes at once: enough to overlap their waits on the network, few enough that a
 * busy two-core machine still runs each one well within the default bounds.
 */
const parallelChecks = 4;

/** The CLI's default policy fetch bound, as STS112 states it. */
const defaultPolicyTimeout = '10.0';

interface DomainResult {
  domain: string;
  verdict: Verdict;
  findings: Pick<Finding, 'code' | 'severity' | 'message' | 'data'>[];
  posture: Posture;
}

interface CheckRun {
  code: number | null;
  result: DomainResult;
}

interface Scenario {
  /** The folder under test/lab/scenarios/ and the label of its domain, `<name>.test`. */
  name: string;
  /** What the scenario shows, for the test title. */
  shows: string;
  verdict: Verdict;
  /** Exactly the codes of severity error and warning. */
  problems: FindingCode[];
  /** Info codes that must be among the findings (others may be there too). */
  infos?: FindingCode[];
  /** Further checks of the result; `signal` ends a wait when the test times out. */
  more?: (result: DomainResult, lab: Lab, signal: AbortSignal) => void | Promise<void>;
}

async function check(lab: Lab, domain: string): Promise<CheckRun> {
  const run = await runCli(['check', domain, ...labCliArgs(lab)]);
  if (!run.stdout.startsWith('{')) {
    throw new Error(`check ${domain} printed no JSON (exit ${run.code}):\n${run.stderr}`);
  }
  const doc = JSON.parse(run.stdout) as { schemaVersion: number; command: string; domains: DomainResult[] };
  expect(doc).toMatchObject({ schemaVersion: 1, command: 'check' });
  expect(doc.domains).toHaveLength(1);
  return { code: run.code, result: doc.domains[0]! };
}

function host(result: DomainResult, name: string): Posture['mx']['hosts'][number] {
  const found = result.posture.mx.hosts.find((h) => h.name === name);
  if (!found) {
    throw new Error(`no MX host ${name} in ${result.posture.mx.hosts.map((h) => h.name).join(', ')}`);
  }
  return found;
}

/** The policy fetch ended by the default bound: the outcome and STS112 with the bound it states. */
function expectPolicyTimeout(r: DomainResult): void {
  expect(r.posture.policy).toMatchObject({ outcome: 'timeout', status: null, bytes: null });
  expect(r.posture.policy.text).toBeNull();
  expect(r.findings.find((f) => f.code === 'STS112')?.data).toEqual({ seconds: defaultPolicyTimeout });
}

const groups: { title: string; scenarios: Scenario[] }[] = [
  {
    title: 'RFC 8461 §5 policy modes',
    scenarios: [
      {
        name: 'enforce',
        shows: 'a domain that does everything right',
        verdict: 'enforced',
        problems: [],
        more: (r) => expect(r.posture.policy.text).toMatch(/^version: STSv1\r\nmode: enforce\r\n/),
      },
      {
        name: 'policy-change',
        shows: 'a policy served from the lab folder, which the extension test changes under the same id',
        verdict: 'enforced',
        problems: [],
      },
      {
        name: 'testing',
        shows: 'testing mode with an uncovered backup MX host',
        verdict: 'testing',
        problems: ['STS311'],
        infos: ['STS226'],
        more: (r) => expect(host(r, 'backup.testing.test').covered).toBe(false),
      },
      {
        name: 'mode-none',
        shows: 'mode none with mx fields and a week-long max_age',
        verdict: 'none',
        problems: [],
        infos: ['STS219', 'STS217'],
      },
    ],
  },
  {
    title: 'RFC 8461 §3.1 the _mta-sts record',
    scenarios: [
      {
        name: 'absent',
        shows: 'no record',
        verdict: 'absent',
        problems: [],
        infos: ['STS001'],
        more: (r) => expect(r.posture.mtaSts.lookup.rcode).toBe('NXDOMAIN'),
      },
      { name: 'two-records', shows: 'two v=STSv1 records', verdict: 'broken', problems: ['STS004'] },
      {
        name: 'split-record',
        shows: 'records split into several strings',
        verdict: 'enforced',
        problems: [],
        infos: ['STS013', 'RPT016'],
        more: (r) => {
          expect(r.posture.mtaSts.selected?.text).toBe('v=STSv1; id=20240601T000000Z;');
          expect(r.posture.tlsRpt.selected?.strings).toHaveLength(4);
        },
      },
      {
        name: 'cname',
        shows: 'record and policy host delegated by CNAME',
        verdict: 'enforced',
        problems: [],
        infos: ['STS014', 'STS116'],
        more: (r) =>
          expect(r.posture.mtaSts.lookup.cnames).toEqual([
            '_mta-sts.cname.test → _mta-sts.cname.provider.test',
          ]),
      },
      {
        name: 'cname-dangling',
        shows: 'an alias whose target does not exist',
        verdict: 'absent',
        problems: ['STS015'],
        infos: ['STS014'],
      },
      { name: 'bad-id', shows: 'an id with forbidden characters', verdict: 'broken', problems: ['STS008'] },
      {
        name: 'servfail',
        shows: 'every lookup fails DNSSEC validation (SERVFAIL): unknown, never absent',
        verdict: 'unknown',
        problems: ['STS002', 'RPT002', 'STS309', 'DNS008'],
        more: (r) => expect(r.posture.mtaSts.lookup.rcode).toBe('SERVFAIL'),
      },
    ],
  },
  {
    title: 'RFC 8461 §3.3 fetching the policy',
    scenarios: [
      { name: 'no-policy-host', shows: 'no policy host (NXDOMAIN)', verdict: 'broken', problems: ['STS101'] },
      { name: 'policy-404', shows: 'the policy URL answers 404', verdict: 'broken', problems: ['STS107'] },
      {
        name: 'redirect',
        shows: 'the policy URL redirects',
        verdict: 'broken',
        problems: ['STS106'],
        more: (r) =>
          expect(r.findings.find((f) => f.code === 'STS106')?.data).toMatchObject({
            status: 301,
            location: 'https://mta-sts.enforce.test/.well-known/mta-sts.txt',
          }),
      },
      {
        name: 'media-type',
        shows: 'the policy served as text/html',
        verdict: 'broken',
        problems: ['STS108'],
      },
      {
        name: 'wrong-name',
        shows: 'a certificate for another name',
        verdict: 'broken',
        problems: ['STS103'],
      },
      { name: 'expired', shows: 'an expired certificate', verdict: 'broken', problems: ['STS104'] },
      { name: 'self-signed', shows: 'a self-signed certificate', verdict: 'broken', problems: ['STS105'] },
      { name: 'oversized', shows: 'a 70 KB policy', verdict: 'broken', problems: ['STS111'] },
      {
        name: 'hanging',
        shows: 'a host that takes the request and never answers times out',
        verdict: 'broken',
        problems: ['STS112'],
        more: async (r, lab, signal) => {
          expectPolicyTimeout(r);
          // The host got the request and had sent nothing when the checker hung up (499).
          expect(await accessLogEntry(lab, 'mta-sts.hanging.test', signal)).toMatchObject({
            request: 'GET /.well-known/mta-sts.txt HTTP/1.1',
            status: 499,
            bytesSent: 0,
          });
        },
      },
      {
        name: 'trickle',
        shows: 'a host that sends the headers and never finishes the body times out',
        verdict: 'broken',
        problems: ['STS112'],
        more: async (r, lab, signal) => {
          expectPolicyTimeout(r);
          const sent = await accessLogEntry(lab, 'mta-sts.trickle.test', signal);
          expect(sent).toMatchObject({
            request: 'GET /.well-known/mta-sts.txt HTTP/1.1',
            status: 200,
            completion: '',
          });
          expect(sent.bytesSent).toBeGreaterThan(0);
          expect(sent.bodyBytesSent).toBeLessThan(Number(sent.contentLength));
        },
      },
    ],
  },
  {
    title: 'RFC 8461 §3.2 the policy body',
    scenarios: [
      {
        name: 'lf-endings',
        shows: 'LF line endings',
        verdict: 'enforced',
        problems: [],
        more: (r) => expect(r.posture.policy.text).toMatch(/^version: STSv1\nmode: enforce\n[^\r]*$/),
      },
      { name: 'max-age', shows: 'max_age above one year', verdict: 'broken', problems: ['STS214'] },
    ],
  },
  {
    title: 'RFC 8461 §4.1 MX coverage',
    scenarios: [
      {
        name: 'mx-uncovered',
        shows: 'one of two MX hosts not covered',
        verdict: 'enforced',
        problems: ['STS310'],
        more: (r) => {
          expect(host(r, 'mail.mx-uncovered.test').covered).toBe(true);
          expect(host(r, 'mx2.mx-uncovered.test').covered).toBe(false);
        },
      },
      { name: 'mx-none-covered', shows: 'no MX host covered', verdict: 'broken', problems: ['STS312'] },
      {
        name: 'wildcard',
        shows: 'a wildcard covers one label, not two',
        verdict: 'enforced',
        problems: ['STS313'],
        infos: ['STS308'],
        more: (r) => {
          expect(host(r, 'mail.wildcard.test')).toMatchObject({
            covered: true,
            matchedPattern: '*.wildcard.test',
          });
          expect(host(r, 'mx.eu.wildcard.test').covered).toBe(false);
        },
      },
      {
        name: 'no-mx',
        shows: 'no MX: the domain itself is the mail host',
        verdict: 'enforced',
        problems: [],
        infos: ['STS317'],
        more: (r) => expect(r.posture.mx.implicit).toBe(true),
      },
      {
        name: 'null-mx',
        shows: 'a null MX',
        verdict: 'enforced',
        problems: [],
        infos: ['STS316'],
        more: (r) => expect(r.posture.mx.nullMx).toBe(true),
      },
      {
        name: 'several-mx',
        shows: 'four MX hosts, all covered',
        verdict: 'enforced',
        problems: [],
        more: (r) => expect(r.posture.mx.hosts.map((h) => h.covered)).toEqual([true, true, true, true]),
      },
    ],
  },
  {
    title: 'RFC 7672 §2 DANE for the MX hosts',
    scenarios: [
      {
        name: 'dane',
        shows: 'validated TLSA records for every MX host',
        verdict: 'enforced',
        problems: [],
        infos: ['DANE001'],
        more: (r, lab) => {
          for (const name of ['mx1.dane.test', 'mx2.dane.test']) {
            const h = host(r, name);
            expect(h.dane).toBe('dane');
            expect(h.tlsaLookup?.ad).toBe(true);
            expect(h.tlsa).toEqual([{ usage: 3, selector: 1, matchingType: 1, data: lab.mxKeySha256 }]);
          }
          expect(r.findings.filter((f) => f.code === 'DANE001')).toHaveLength(2);
        },
      },
      {
        name: 'dane-partial',
        shows: 'DANE for one of two MX hosts',
        verdict: 'enforced',
        problems: ['DANE009'],
        infos: ['DANE001'],
        more: (r) => {
          expect(host(r, 'mx1.dane-partial.test').dane).toBe('dane');
          expect(host(r, 'mx2.dane-partial.test').dane).toBe('none');
        },
      },
      {
        name: 'dane-cname',
        shows: 'an MX host aliased to a DANE host: TLSA of the expanded name',
        verdict: 'enforced',
        problems: ['STS318'],
        infos: ['DANE001'],
        more: (r, lab) => {
          const h = host(r, 'mx1.dane-cname.test');
          expect(h.dane).toBe('dane');
          expect(h.tlsaBase).toBe('mx1.dane.test');
          expect(h.tlsa).toEqual([{ usage: 3, selector: 1, matchingType: 1, data: lab.mxKeySha256 }]);
        },
      },
      {
        name: 'tlsa-unsigned',
        shows: 'a TLSA record without the AD bit',
        verdict: 'enforced',
        problems: ['DANE002'],
        more: (r) => {
          const h = host(r, 'mail.tlsa-unsigned.test');
          expect(h.dane).toBe('not-validated');
          expect(h.tlsaLookup?.ad).toBe(false);
        },
      },
      {
        name: 'dane-bogus',
        shows: 'a TLSA record that fails validation',
        verdict: 'enforced',
        problems: ['DANE003'],
        more: (r) => expect(host(r, 'mail.dane-bogus.test').dane).toBe('bogus'),
      },
    ],
  },
  {
    title: 'RFC 8460 §3 the TLS-RPT record',
    scenarios: [
      { name: 'tlsrpt-missing', shows: 'MTA-STS without TLS-RPT', verdict: 'enforced', problems: ['STS227'] },
      {
        name: 'tlsrpt-bad-rua',
        shows: 'an http: report destination',
        verdict: 'enforced',
        problems: ['RPT008'],
      },
      { name: 'tlsrpt-two', shows: 'two TLS-RPT records', verdict: 'enforced', problems: ['RPT003'] },
    ],
  },
];

const scenarios = groups.flatMap((g) => g.scenarios);

/** Each scenario's check, started once, at most `parallelChecks` at a time, in the order of the tests. */
const runs = new Map<string, Promise<CheckRun>>();

describe.skipIf(!lab)('sts-inspector check against the lab', () => {
  beforeAll(() => {
    const limited = limitConcurrency(parallelChecks);
    for (const scenario of scenarios) {
      const run = limited(() => check(lab!, `${scenario.name}.test`));
      // Its test awaits it and reports a failure; until then a rejection is not unhandled.
      run.catch(() => undefined);
      runs.set(scenario.name, run);
    }
  });

  it('has one test for every scenario folder', () => {
    const folders = readdirSync(fileURLToPath(new URL('../../lab/scenarios/', import.meta.url)), {
      withFileTypes: true,
    })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    const supportZones = ['provider'];
    const tested = scenarios.map((s) => s.name);
    expect([...tested].sort()).toEqual(folders.filter((f) => !supportZones.includes(f)).sort());
  });

  for (const group of groups) {
    describe(group.title, () => {
      for (const scenario of group.scenarios) {
        it(`${scenario.name}.test: ${scenario.shows}`, async ({ signal }) => {
          const { code, result } = await runs.get(scenario.name)!;
          // STS113 (the policy took over 4 s to arrive) says how busy the machine was, not what the scenario is.
          const codes = (severities: string[]): string[] =>
            [
              ...new Set(
                result.findings
                  .filter((f) => severities.includes(f.severity) && f.code !== 'STS113')
                  .map((f) => f.code),
              ),
            ].sort();
          expect({ verdict: result.verdict, problems: codes(['error', 'warning']) }).toEqual({
            verdict: scenario.verdict,
            problems: [...scenario.problems].sort(),
          });
          expect(codes(['info'])).toEqual(expect.arrayContaining(scenario.infos ?? []));
          // By default an error finding fails the check, and so do the verdicts broken and unknown.
          const fails =
            result.findings.some((f) => f.severity === 'error') ||
            ['broken', 'unknown'].includes(result.verdict);
          expect(code).toBe(fails ? 1 : 0);
          await scenario.more?.(result, lab!, signal);
        });
      }
    });
  }
});
