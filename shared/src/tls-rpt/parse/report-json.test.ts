import { parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { createLineIndex } from '../../text/line-index.js';
import {
  createTreeLocator,
  findTooDeep,
  formatJsonPath,
  parseJsonDocument,
  scanJsonSyntax,
} from './report-json.js';

/** The text a range covers. */
function covered(
  text: string,
  range: { start: { line: number; character: number }; end: { line: number; character: number } },
): string {
  const index = createLineIndex(text);
  return text.slice(index.offsetAt(range.start), index.offsetAt(range.end));
}

const reasons = (text: string): string[] =>
  parseJsonDocument(text, 64)
    .findings.filter((f) => f.code === 'RPT101')
    .map((f) => String(f.data?.reason));

describe('RFC 8460 §4 / RFC 7493 I-JSON: strict JSON syntax (RPT101)', () => {
  it.each([
    ['', 'the document is empty'],
    ['   \n', 'the document is empty'],
    ['{"a": 1,}', 'trailing comma'],
    ['[1, 2,]', 'trailing comma'],
    ['{"a": 1 // note\n}', 'comments are not allowed in JSON'],
    ['{"a": /* x */ 1}', 'comments are not allowed in JSON'],
    ["{'a': 1}", "unexpected `'a'`"],
    ['{"a": NaN}', 'unexpected `NaN`'],
    ['{"a": 1} {"b": 2}', 'more text after the end of the JSON value'],
    ['{"a" 1}', '`:` was expected after the member name'],
    ['{"a": 1 "b": 2}', '`,` was expected'],
    ['{"a": "x', 'unterminated string'],
    ['{"a": "\\q"}', 'invalid escape sequence'],
    ['{"a": "\\u12"}', 'invalid `\\u` escape'],
    ['{"a": "tab\there"}', 'control character inside a string (it must be escaped)'],
    ['{"a": [1, 2', '`]` was expected'],
    ['{"a": 1', '`}` was expected'],
    ['{"a": 1.}', 'incomplete number'],
    ['{"a": -}', 'unexpected `-`'],
  ])('%j: %s', (text, reason) => {
    expect(reasons(text)[0]).toBe(reason);
  });

  it('points a trailing comma at the comma', () => {
    const text = '{\n  "a": 1,\n}';
    const [finding] = parseJsonDocument(text, 64).findings;
    expect(finding?.code).toBe('RPT101');
    expect(covered(text, finding!.range!)).toBe(',');
    expect(finding?.path).toEqual(['a']);
  });

  it('reports one error per defect, not the echo behind it', () => {
    expect(reasons('{"a": NaN, "b": 1}')).toEqual(['unexpected `NaN`']);
  });

  it('keeps the tree tolerant: members after a syntax error are still read', () => {
    const document = parseJsonDocument('{"a": 1 "b": 2}', 64);
    expect(document.value).toEqual(Object.assign(Object.create(null) as object, { a: 1, b: 2 }));
  });

  it('keeps a member whose value was swallowed, with the value undefined', () => {
    const document = parseJsonDocument('{"a": NaN, "b": 1}', 64);
    const value = document.value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['a', 'b']);
    expect(value.a).toBeUndefined();
  });

  it('accepts a byte order mark (RFC 8259 §8.1) without shifting offsets', () => {
    const text = '\uFEFF{"a": 1, "a": 2}';
    const document = parseJsonDocument(text, 64);
    expect(document.findings.map((f) => f.code)).toEqual(['RPT102']);
    expect(covered(text, document.findings[0]!.range!)).toBe('"a"');
  });
});

describe('RFC 7493 §2.3 duplicate member names (RPT102)', () => {
  it('marks each repeat and relates it to the first; the last value wins as with JSON.parse', () => {
    const text = '{"report-id": "a", "x": {"k": 1, "k": 2, "k": 3}, "report-id": "b"}';
    const document = parseJsonDocument(text, 64);
    const duplicates = document.findings.filter((f) => f.code === 'RPT102');
    expect(duplicates.map((f) => f.path)).toEqual([['x', 'k'], ['x', 'k'], ['report-id']]);
    expect(duplicates.map((f) => f.data)).toEqual([{ name: 'k' }, { name: 'k' }, { name: 'report-id' }]);
    expect(covered(text, duplicates[2]!.related![0]!.range)).toBe('"report-id"');
    expect(duplicates[2]!.range!.start.character).toBe(text.lastIndexOf('"report-id"'));
    expect(document.value).toEqual(JSON.parse(text));
  });

  it('the scan of large texts makes the same finding as the tree: data, range, related location', () => {
    const long = 'n'.repeat(90);
    for (const name of ['k', '\\u0007bell', long]) {
      const text = `{"a": 1, "x": {"${name}": 1, "b": [1], "${name}": 2}}`;
      const tree = parseJsonDocument(text, 64).findings;
      expect(tree.map((f) => f.code)).toEqual(['RPT102']);
      expect(tree[0]?.related).toHaveLength(1);
      expect(scanJsonSyntax(text, 64)).toEqual(tree);
    }
    const shown = parseJsonDocument(`{"${long}": 1, "${long}": 2}`, 64).findings[0];
    expect(shown?.data).toEqual({ name: `${'n'.repeat(80)}…` });
    expect(shown?.related?.[0]?.message).toBe(`First \`${'n'.repeat(80)}…\` here`);
  });

  it('treats __proto__ as plain data', () => {
    const document = parseJsonDocument('{"__proto__": {"polluted": true}}', 64);
    const value = document.value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('nesting bound (RPT101 instead of a stack overflow)', () => {
  const nested = (n: number): string => '['.repeat(n) + ']'.repeat(n);

  it('allows exactly maxDepth levels and refuses one more', () => {
    expect(findTooDeep(nested(64), 64)).toBeUndefined();
    expect(findTooDeep(nested(65), 64)).toEqual({ offset: 64, path: new Array<number>(64).fill(0) });
  });

  it('names the path of members and elements that lead to the deep value', () => {
    const text = '{"policies": [{}, {"x": [[["deep"]]]}]}';
    expect(findTooDeep(text, 5)).toEqual({
      offset: text.indexOf('["deep'),
      path: ['policies', 1, 'x', 0, 0],
    });
  });

  it('does not count brackets in strings, escaped quotes or comments', () => {
    expect(findTooDeep('{"a": "[[[[[[[[\\"[[[[[["}', 2)).toBeUndefined();
    expect(findTooDeep('{"a": 1 /* [[[[[[[[ " */ }', 2)).toBeUndefined();
    expect(findTooDeep('{"a": 1 // [[[[[[[[ "\n}', 2)).toBeUndefined();
  });

  it('ends a string at a line break, as the parser does, so brackets behind it count', () => {
    expect(findTooDeep('["abc\n[[[[[[', 3)).toBeDefined();
  });

  it('ignores closers that do not match, so the count never drops below the parser depth', () => {
    expect(findTooDeep('[}[}[}[}[', 3)).toBeDefined();
    expect(findTooDeep('{]{]{]{]{', 3)).toBeDefined();
  });

  it('refuses a deep text with one finding and no tree, and survives 100 000 levels', () => {
    const document = parseJsonDocument(nested(100_000), 64);
    expect(document.root).toBeUndefined();
    expect(document.findings.map((f) => [f.code, f.data?.maxDepth])).toEqual([['RPT101', 64]]);
  });
});

describe('locating JSON paths', () => {
  const text = '{\n  "a": {"b": [10, {"c": null}]},\n  "d": "x",\n  "d": "y"\n}';
  const locator = createTreeLocator(text, parseTree(text));

  it.each([
    [['a'], 'key', '"a"'],
    [['a'], 'value', '{"b": [10, {"c": null}]}'],
    [['a', 'b', 0], 'value', '10'],
    [['a', 'b', 0], 'key', '10'],
    [['a', 'b', 1], 'key', '{'],
    [['a', 'b', 1, 'c'], 'value', 'null'],
    [[], 'key', '{'],
    [['d'], 'value', '"y"'],
  ] as const)('%j %s covers %j', (path, part, expected) => {
    expect(covered(text, locator.rangeOf(path, part)!)).toBe(expected);
  });

  it.each([[['x']], [['a', 'b', 2]], [['a', 'b', 'x']], [['d', 0]]])('%j does not resolve', (path) => {
    expect(locator.rangeOf(path, 'key')).toBeUndefined();
  });

  it('formats paths for messages', () => {
    expect(formatJsonPath(['policies', 0, 'summary', 'total-failure-session-count'])).toBe(
      'policies[0].summary.total-failure-session-count',
    );
    expect(formatJsonPath([])).toBe('(top level)');
  });
});
