import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDomain } from './check-domain.js';
import { readPosture } from './read.js';
import type { Posture } from './types.js';
import {
  VirtualClock,
  examplePolicyUrl as url,
  goodPolicy,
  oneMxZone,
  scriptedFetcher,
  zoneResolver,
  type ZoneNode,
} from './zone.test-helpers.js';

/** One MX host with DNSSEC-validated TLSA records. */
function zone(): Record<string, ZoneNode> {
  return {
    ...oneMxZone(),
    'mail.example.com': { A: ['192.0.2.1'], ad: true },
    '_25._tcp.mail.example.com': {
      TLSA: [{ usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) }],
      ad: true,
    },
  };
}

async function check(
  z: Record<string, ZoneNode>,
  policy: Parameters<typeof scriptedFetcher>[0],
): Promise<Posture> {
  const clock = new VirtualClock();
  return checkDomain(
    'example.com',
    {
      resolver: zoneResolver(z, clock),
      fetcher: scriptedFetcher(policy, clock),
      now: clock.now,
      wallClock: () => 0,
    },
    {},
  );
}

/** Postures of several shapes: every verdict the engine reaches here, with parse findings that have ranges. */
const postures: Record<string, Posture> = {};

beforeAll(async () => {
  postures.enforced = await check(zone(), { [url]: { body: goodPolicy } });
  const noRecord = zone();
  delete noRecord['_mta-sts.example.com'];
  postures.absent = await check(noRecord, {});
  const failed = zone();
  failed['_mta-sts.example.com'] = { rcode: 'SERVFAIL' };
  failed['example.com'] = { rcode: 'SERVFAIL' };
  postures.unknown = await check(failed, {});
  const two = zone();
  two['_mta-sts.example.com'] = { TXT: [['v=STSv1; id=1'], ['v=STSv1;id=2;x']] };
  postures.multiple = await check(two, { [url]: { body: goodPolicy } });
  const bad = zone();
  bad['_mta-sts.example.com'] = { TXT: [['v=spf1 -all'], ['v=STSv1; id=!!; ext=1']] };
  bad['_smtp._tls.example.com'] = { TXT: [['v=TLSRPTv1; rua=ftp://x']] };
  postures.broken = await check(bad, {
    [url]: { body: 'version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: x\nfoo: bar\n' },
  });
  postures.opaque = await check(zone(), {
    [url]: { kind: 'opaque-failure', message: 'Failed to fetch', elapsedMs: 3 },
  });
});

/** Every member path of a JSON value, as the reader names them, with the value there. */
function paths(value: unknown, at = 'posture'): { path: string; value: unknown }[] {
  const out = [{ path: at, value }];
  if (Array.isArray(value)) {
    value.forEach((item, i) => out.push(...paths(item, `${at}[${i}]`)));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push(...paths(item, `${at}.${key}`));
    }
  }
  return out;
}

/** Replace the value at `path` (as `paths` names it) in a copy. */
function mutate(posture: Posture, path: string, replace: (old: unknown) => unknown): unknown {
  const copy = JSON.parse(JSON.stringify(posture)) as unknown;
  const steps = [...path.slice('posture'.length).matchAll(/\.(\w+)|\[(\d+)\]/g)].map((m) =>
    m[1] === undefined ? Number(m[2]) : m[1],
  );
  let parent = copy as Record<string | number, unknown>;
  for (const step of steps.slice(0, -1)) {
    parent = parent[step] as Record<string | number, unknown>;
  }
  const last = steps.at(-1)!;
  const next = replace(parent[last]);
  if (next === undefined) {
    delete parent[last];
  } else {
    parent[last] = next;
  }
  return copy;
}

/** Members a finding may leave out (see `Finding`). */
const optionalMembers = new Set(['range', 'path', 'rfc', 'related', 'fix', 'data']);
/** Free-form values: the data a message was built from takes any string, number or boolean. */
const freeForm = /\.data\.|\.data$/;

describe('the posture as a message', () => {
  it('crosses JSON unchanged: no key lost, none holding undefined', () => {
    expect(Object.keys(postures)).toHaveLength(6);
    for (const posture of Object.values(postures)) {
      const copy = JSON.parse(JSON.stringify(posture)) as unknown;
      expect(copy).toStrictEqual(posture);
      expect(paths(posture).filter((p) => p.value === undefined)).toEqual([]);
    }
    expect(new Set(Object.values(postures).map((p) => p.verdict))).toEqual(
      new Set(['enforced', 'absent', 'unknown', 'broken']),
    );
  });

  it('says for each finding the part it is about and the text its range is in', () => {
    const broken = postures.broken!;
    const byCode = (code: string) => broken.findings.find((f) => f.code === code);
    // The record's parse finding points into the second TXT record, the one chosen.
    const recordFinding = broken.findings.find((f) => f.part === 'record' && f.range);
    expect(recordFinding?.rangeIn).toEqual({ text: 'mta-sts-record', index: 1 });
    const policyFinding = broken.findings.find((f) => f.part === 'policy' && f.range);
    expect(policyFinding?.rangeIn).toEqual({ text: 'policy' });
    const rptFinding = broken.findings.find((f) => f.part === 'tls-rpt' && f.range);
    expect(rptFinding?.rangeIn).toEqual({ text: 'tls-rpt-record', index: 0 });
    // The range reads the text it names.
    const policyText = broken.policy.text!;
    const r = policyFinding!.range!;
    const line = policyText.split('\n')[r.start.line]!;
    expect(line.slice(r.start.character, r.end.character).length).toBe(r.end.character - r.start.character);
    expect(byCode('STS003')).toMatchObject({ part: 'record', rangeIn: null });
    expect(postures.enforced!.findings.find((f) => f.code.startsWith('DANE'))?.part).toBe('dane');
    expect(postures.unknown!.findings.find((f) => f.code === 'STS309')?.part).toBe('mx');
    for (const f of Object.values(postures).flatMap((p) => p.findings)) {
      expect(f.rangeIn === null).toBe(f.range === undefined);
    }
  });

  it('reads back every posture the engine makes', () => {
    for (const posture of Object.values(postures)) {
      const read = readPosture(JSON.parse(JSON.stringify(posture)));
      expect(read).toStrictEqual({ ok: true, posture });
    }
  });

  it('refuses another schema version, saying which', () => {
    const old = { ...postures.enforced!, schemaVersion: 1 };
    const read = readPosture(old);
    expect(read).toMatchObject({ ok: false, path: 'posture.schemaVersion' });
    expect(read.ok ? '' : read.message).toMatch(/schema version 1, and this reads version 2/);
    const { schemaVersion: _dropped, ...none } = postures.enforced!;
    expect(readPosture(none)).toMatchObject({ ok: false, path: 'posture.schemaVersion' });
    expect(readPosture({ ...postures.enforced!, schemaVersion: '2' })).toMatchObject({
      ok: false,
      message: 'posture.schemaVersion: expected 2, got "2"',
    });
  });

  it('refuses what is not a posture at all', () => {
    expect(readPosture(null)).toMatchObject({
      ok: false,
      path: 'posture',
      message: 'posture: expected an object, got null',
    });
    expect(readPosture([])).toMatchObject({ ok: false, path: 'posture' });
    expect(readPosture('{}')).toMatchObject({ ok: false, path: 'posture' });
  });

  it('names the member that is wrong: every member of every posture, changed to another kind of value', () => {
    const all = Object.values(postures).flatMap((posture) =>
      paths(posture)
        .filter((p) => p.path !== 'posture' && p.path !== 'posture.schemaVersion' && !freeForm.test(p.path))
        .map((p) => ({ posture, ...p })),
    );
    expect(all.length).toBeGreaterThan(500);
    fc.assert(
      fc.property(fc.constantFrom(...all), ({ posture, path, value }) => {
        // An array becomes an object and anything else an array: never the kind the member holds.
        const read = readPosture(mutate(posture, path, () => (Array.isArray(value) ? {} : [])));
        expect(read.ok).toBe(false);
        expect(read.ok ? '' : read.path).toBe(path);
        expect(read.ok ? '' : read.message).toMatch(
          new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: expected `),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('names a required member that is missing', () => {
    const members = Object.values(postures).flatMap((posture) =>
      paths(posture)
        .filter((p) => /\.\w+$/.test(p.path) && p.path !== 'posture.schemaVersion' && !freeForm.test(p.path))
        .filter(
          (p) => !(/\.findings\[\d+\]\.\w+$/.test(p.path) && optionalMembers.has(p.path.split('.').at(-1)!)),
        )
        .map((p) => ({ posture, path: p.path })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...members), ({ posture, path }) => {
        const read = readPosture(mutate(posture, path, () => undefined));
        expect(read).toEqual({
          ok: false,
          path,
          message: `${path}: expected a value (the member is missing), got nothing`,
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const read = readPosture(value);
        expect(read.ok).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(() => readPosture(value)).not.toThrow();
      }),
    );
  });
});
