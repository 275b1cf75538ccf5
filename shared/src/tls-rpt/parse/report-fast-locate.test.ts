import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Range } from '../../findings/types.js';
import type { JsonPart, JsonPath } from './report-json.js';
import { createMemberCounts, locateByColons, memberColons, orderBy } from './report-fast-locate.js';
import { pathsOf } from './json-paths.test-helpers.js';
import { locatePaths, type LocateRequest } from './report-locate.js';

/** A JSON text of a value, with white space from `spaces` around every token and strings escaped at random. */
function write(value: unknown, spaces: string[], escapes: boolean[]): string {
  let k = 0;
  const space = (): string => spaces[k++ % spaces.length] ?? '';
  const string = (s: string): string => {
    const plain = JSON.stringify(s);
    if (!escapes[k++ % escapes.length]) {
      return plain;
    }
    // The same string with every `:` and `"` inside written as \u escapes, or `/` as `\/`.
    return `"${plain.slice(1, -1).replace(/:/g, '\\u003a').replace(/\//g, '\\/')}"`;
  };
  const go = (v: unknown): string => {
    if (typeof v === 'string') {
      return string(v);
    }
    if (Array.isArray(v)) {
      return `[${space()}${v.map((e) => `${go(e)}${space()}`).join(`,${space()}`)}]`;
    }
    if (typeof v === 'object' && v !== null) {
      const members = Object.entries(v).map(([key, e]) => `${string(key)}${space()}:${space()}${go(e)}`);
      return `{${space()}${members.join(`${space()},${space()}`)}${space()}}`;
    }
    return JSON.stringify(v);
  };
  return `${space()}${go(value)}${space()}`;
}

function countMembers(value: unknown): number {
  if (Array.isArray(value)) {
    return value.reduce((n: number, e) => n + countMembers(e), 0);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).reduce((n: number, e) => n + 1 + countMembers(e), 0);
  }
  return 0;
}

const nowhere = (): Range => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
const requestsFor = (paths: JsonPath[]): LocateRequest[] =>
  paths.flatMap((path) => (['key', 'value'] as JsonPart[]).map((part) => ({ path, part, range: nowhere() })));

// Member names with characters that make the colon hop look twice; names like array indexes are left out of
// the values (V8 enumerates them first), and tested on their own below.
const name = fc.oneof(
  fc.constantFrom('a', 'b', 'a:', ':', ' :', ',', '[', '{', '"', '\\', 'x"', 'result-type', ''),
  fc.string({ maxLength: 6 }).filter((s) => !/^\d/.test(s)),
);
const text = fc.oneof(fc.constantFrom(':', ' :', '" :', '\\":', 'a:b', '', '"'), fc.string({ maxLength: 8 }));
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(name, tie('value'), { maxKeys: 4 }),
  ),
})).value;
const layout = fc.record({
  spaces: fc.array(fc.constantFrom('', '', '', ' ', '\n', '\r\n', '\t '), { minLength: 1, maxLength: 7 }),
  escapes: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
});

describe('member colons (fast report path)', () => {
  it('counts exactly the members of any JSON text, however it is spaced and escaped', () => {
    fc.assert(
      fc.property(json, layout, (value, { spaces, escapes }) => {
        const source = write(value, spaces, escapes);
        const parsed: unknown = JSON.parse(source);
        const members = countMembers(parsed);
        const hop = memberColons(
          source,
          Array.from({ length: members + 1 }, (_, i) => i),
        );
        expect(hop.count).toBe(members);
        for (let i = 0; i < members; i++) {
          expect(source.charAt(hop.offsets[i] ?? -1)).toBe(':');
        }
        expect(hop.offsets[members]).toBe(-1);
      }),
      { numRuns: 400 },
    );
  });

  it('counts a duplicate member that JSON.parse dropped', () => {
    for (const source of ['{"a":1,"a":2}', '{"a" : " :", "a" : 1}', '{"a": "q\\":", "a": 2}']) {
      const parsed = JSON.parse(source) as object;
      expect(memberColons(source, []).count, source).toBe(countMembers(parsed) + 1);
    }
  });

  it('places every member and element as the structural scan does', () => {
    fc.assert(
      fc.property(json, layout, (value, { spaces, escapes }) => {
        const source = write(value, spaces, escapes);
        const parsed: unknown = JSON.parse(source);
        const paths = pathsOf(parsed);
        const byColons = requestsFor(paths);
        const byScan = requestsFor(paths);
        const located = locateByColons(source, parsed, createMemberCounts(), byColons, true);
        expect(located.members).toBe(countMembers(parsed));
        locatePaths(source, located.left);
        locatePaths(source, byScan);
        byColons.forEach((request, i) => {
          expect(request.range, `${JSON.stringify(request.path)} ${request.part} in ${source}`).toEqual(
            byScan[i]?.range,
          );
        });
      }),
      { numRuns: 300 },
    );
  });

  it('leaves every request to the scan when a member name looks like an array index', () => {
    const source = '{"b": 1, "1": {"x": 2}, "c": 3}';
    const parsed: unknown = JSON.parse(source);
    const requests = requestsFor([['c'], ['1', 'x'], ['b']]);
    const located = locateByColons(source, parsed, createMemberCounts(), requests, false);
    expect(located.members).toBe(4);
    expect(located.left).toEqual(requests);
  });

  it('orders indexes by key, ties in index order', () => {
    expect(orderBy([5, 1, 5, 0, 1])).toEqual([3, 1, 4, 0, 2]);
    expect(orderBy([2, -1, 0, -1])).toEqual([1, 3, 2, 0]);
    expect(orderBy([])).toEqual([]);
  });
});
