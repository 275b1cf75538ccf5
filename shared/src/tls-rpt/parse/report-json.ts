/**
 * The positioned layer of report parsing: strict JSON (RFC 8259, I-JSON RFC 7493) through jsonc-parser's tree, with
 * syntax errors as RPT101, nesting beyond a bound as RPT101, duplicate member names as RPT102, the plain value the
 * validator reads (the last duplicate wins, as with `JSON.parse`), and a locator from JSON paths back to ranges.
 * The validator never sees offsets, so a later fast path can locate only the values that carry findings.
 * Pure. Never throws on any text (nesting is bounded before the recursive parser runs).
 */
import { findNodeAtOffset, getNodePath, parseTree, printParseErrorCode, visit } from 'jsonc-parser';
import type { JSONPath, Node, ParseError, ParseErrorCode, ParseOptions } from 'jsonc-parser';
import { admitFinding, createFindingBudget, type FindingBudget } from '../../findings/budget.js';
import { limits } from '../../limits.js';
import { makeFinding } from '../../findings/finding.js';
import { sortFindings } from '../../findings/order.js';
import type { Finding, Range } from '../../findings/types.js';
import { createLineIndex, type LineIndex } from '../../text/line-index.js';
import { displayText } from '../../text/record-fields.js';

/** A path into a JSON document: member names and array indexes. */
export type JsonPath = (string | number)[];

/** Which part of a member a finding points at: its name, or its value. */
export type JsonPart = 'key' | 'value';

/**
 * Maps JSON paths to ranges. For `key`, array elements and the top level (which have no name) give the first
 * character of the value; for `value`, a member whose value is missing gives its name.
 */
export interface JsonLocator {
  rangeOf(path: readonly (string | number)[], part: JsonPart): Range | undefined;
}

/** The result of reading the JSON layer. `value` is undefined when the text holds no JSON value at all. */
export interface JsonDocument {
  root: Node | undefined;
  value: unknown;
  findings: Finding[];
  locator: JsonLocator;
}

/** How jsonc-parser is asked to read: strict JSON. */
const strict: ParseOptions = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false };

/**
 * The syntax errors of a text as jsonc-parser reports them, filtered as they come: an echo right behind an error,
 * or an error inside the last one, says nothing new; after `max` errors the rest are only noted (`moreAt`). A text
 * of 80 MB of commas has one error per comma, so they are never all kept.
 */
class SyntaxErrorList extends Array<ParseError> {
  private lastEnd = -1;
  /** Offset of the first error not listed, or -1. */
  moreAt = -1;
  constructor(
    private readonly source: string,
    private readonly max: number,
  ) {
    super();
  }

  override push(...errors: ParseError[]): number {
    for (const error of errors) {
      const echo =
        this.lastEnd >= 0 &&
        error.offset >= this.lastEnd &&
        this.source.slice(this.lastEnd, error.offset).trim() === '';
      const overlaps = error.offset < this.lastEnd;
      this.lastEnd = Math.max(this.lastEnd, error.offset + error.length);
      if (echo || overlaps) {
        continue;
      }
      if (this.length < this.max) {
        super.push(error);
      } else if (this.moreAt < 0) {
        this.moreAt = error.offset;
      }
    }
    return this.length;
  }

  /** Whether the list is full and one more error was seen. */
  get full(): boolean {
    return this.moreAt >= 0;
  }
}

/** Thrown inside a visit to stop it once enough is known; never leaves this module. */
const stop = new Error('enough syntax errors');

/** A JSON path in the dotted form used in messages: `policies[0].summary.total-failure-session-count`. */
export function formatJsonPath(path: readonly (string | number)[]): string {
  if (path.length === 0) {
    return '(top level)';
  }
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

interface Frame {
  array: boolean;
  index: number;
  keyStart: number;
  keyEnd: number;
}

/**
 * Find the first `{` or `[` nested deeper than `maxDepth`, with the path that leads to it, by a linear scan.
 * jsonc-parser recurses once per level, so a deep text must be refused before it reaches the parser. The scan
 * reads strings and comments exactly as jsonc-parser's scanner does (a string also ends at a line break) and pops a
 * level only on the matching closer, so its depth is never below the parser's.
 */
export function findTooDeep(
  text: string,
  maxDepth: number,
): { offset: number; path: (string | number)[] } | undefined {
  const stack: Frame[] = [];
  let lastStringStart = -1;
  let lastStringEnd = -1;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    switch (c) {
      case 0x22 /* " */: {
        const start = i;
        for (i++; i < length; i++) {
          const s = text.charCodeAt(i);
          if (s === 0x5c /* \ */) {
            i++;
          } else if (s === 0x22 || s === 0x0a || s === 0x0d) {
            break;
          }
        }
        lastStringStart = start;
        lastStringEnd = Math.min(i + 1, length);
        if (i < length && text.charCodeAt(i) !== 0x22) {
          i--;
        }
        break;
      }
      case 0x2f /* / */:
        if (text.charCodeAt(i + 1) === 0x2f) {
          while (i + 1 < length && text.charCodeAt(i + 1) !== 0x0a && text.charCodeAt(i + 1) !== 0x0d) {
            i++;
          }
        } else if (text.charCodeAt(i + 1) === 0x2a /* * */) {
          const end = text.indexOf('*/', i + 2);
          i = end < 0 ? length : end + 1;
        }
        break;
      case 0x7b /* { */:
      case 0x5b /* [ */:
        if (stack.length >= maxDepth) {
          return { offset: i, path: framesPath(text, stack) };
        }
        stack.push({ array: c === 0x5b, index: 0, keyStart: -1, keyEnd: -1 });
        break;
      case 0x7d /* } */:
        if (top && !top.array) {
          stack.pop();
        }
        break;
      case 0x5d /* ] */:
        if (top?.array) {
          stack.pop();
        }
        break;
      case 0x3a /* : */:
        if (top && !top.array) {
          top.keyStart = lastStringStart;
          top.keyEnd = lastStringEnd;
        }
        break;
      case 0x2c /* , */:
        if (top?.array) {
          top.index++;
        }
        break;
      default:
        break;
    }
  }
  return undefined;
}

function framesPath(text: string, stack: readonly Frame[]): (string | number)[] {
  const path: (string | number)[] = [];
  for (const frame of stack) {
    if (frame.array) {
      path.push(frame.index);
    } else if (frame.keyStart >= 0) {
      path.push(decodeKey(text.slice(frame.keyStart, frame.keyEnd)));
    }
  }
  return path;
}

/** A JSON member name as written (with its quotes) → the name; tolerant of bad escapes. */
export function decodeKey(quoted: string): string {
  try {
    const key: unknown = JSON.parse(quoted);
    return typeof key === 'string' ? key : quoted;
  } catch {
    return quoted.slice(1, -1);
  }
}

/** The offset of the last non-whitespace character before an offset (-1 when there is none). */
function previousTokenAt(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0 && ' \t\r\n'.includes(text.charAt(i))) {
    i--;
  }
  return i;
}

/** A plain-language reason for a jsonc-parser error, and where to show it. */
function describeSyntaxError(
  text: string,
  error: ParseError,
): { reason: string; start: number; end: number } {
  const comma = previousTokenAt(text, error.offset);
  const trailingComma = text.charAt(comma) === ',' && /^\s*[}\]]/.test(text.slice(error.offset));
  if (trailingComma) {
    return { reason: 'trailing comma', start: comma, end: comma + 1 };
  }
  return { reason: syntaxReason(text, error), start: error.offset, end: error.offset + error.length };
}

/** A plain-language reason for a jsonc-parser error. */
function syntaxReason(text: string, error: ParseError): string {
  const token = displayText(text.slice(error.offset, error.offset + Math.max(1, error.length)), 20);
  const name = printParseErrorCode(error.error);
  switch (name) {
    case 'InvalidSymbol':
      return `unexpected \`${token}\``;
    case 'InvalidNumberFormat':
      return `\`${token}\` is not a JSON number`;
    case 'PropertyNameExpected':
      return 'a member name in double quotes was expected';
    case 'ValueExpected':
      return text.trim() === '' ? 'the document is empty' : 'a value was expected';
    case 'ColonExpected':
      return '`:` was expected after the member name';
    case 'CommaExpected':
      return '`,` was expected';
    case 'CloseBraceExpected':
      return '`}` was expected';
    case 'CloseBracketExpected':
      return '`]` was expected';
    case 'EndOfFileExpected':
      return 'more text after the end of the JSON value';
    case 'InvalidCommentToken':
      return 'comments are not allowed in JSON';
    case 'UnexpectedEndOfComment':
      return 'unterminated comment';
    case 'UnexpectedEndOfString':
      return 'unterminated string';
    case 'UnexpectedEndOfNumber':
      return 'incomplete number';
    case 'InvalidUnicode':
      return 'invalid `\\u` escape';
    case 'InvalidEscapeCharacter':
      return 'invalid escape sequence';
    case 'InvalidCharacter':
      return 'control character inside a string (it must be escaped)';
    case '<unknown ParseErrorCode>':
      return 'syntax error';
  }
}

/** The member (property node) an object holds under a name: the last one, as `JSON.parse` keeps the last. */
function memberOf(object: Node, name: string): Node | undefined {
  const members = object.children ?? [];
  for (let i = members.length - 1; i >= 0; i--) {
    const member = members[i];
    if (member?.children?.[0]?.value === name) {
      return member;
    }
  }
  return undefined;
}

/** Resolve a path to the member that names the last segment (if any) and the value node (if any). */
function resolve(
  root: Node | undefined,
  path: readonly (string | number)[],
): { member?: Node; value?: Node } | undefined {
  let value = root;
  let member: Node | undefined;
  for (const segment of path) {
    if (value === undefined) {
      return undefined;
    }
    if (typeof segment === 'string') {
      if (value.type !== 'object') {
        return undefined;
      }
      member = memberOf(value, segment);
      if (member === undefined) {
        return undefined;
      }
      value = member.children?.[1];
    } else {
      if (value.type !== 'array') {
        return undefined;
      }
      member = undefined;
      value = value.children?.[segment];
      if (value === undefined) {
        return undefined;
      }
    }
  }
  return { ...(member ? { member } : {}), ...(value ? { value } : {}) };
}

/** A locator over a jsonc-parser tree; the line index is built on first use. */
export function createTreeLocator(text: string, root: Node | undefined): JsonLocator {
  let index: LineIndex | undefined;
  const range = (node: Node, length = node.length): Range =>
    (index ??= createLineIndex(text)).rangeOf(node.offset, node.offset + length);
  return {
    rangeOf(path, part) {
      const found = resolve(root, path);
      if (!found) {
        return undefined;
      }
      const key = found.member?.children?.[0];
      if (part === 'key' && key) {
        return range(key);
      }
      if (found.value) {
        const opening = part === 'key' && (found.value.type === 'object' || found.value.type === 'array');
        return range(found.value, opening ? 1 : found.value.length);
      }
      return key ? range(key) : undefined;
    },
  };
}

/**
 * RPT102 (RFC 7493 §2.3, RFC 8259 §4) for a member name repeated in one object, at the repeat (`range`, `path`),
 * with the first occurrence as a related location when `first` places it; undefined past the cap (counted only).
 * Both readers of the JSON layer (the positioned tree and the scan of large texts) make it here.
 */
function duplicateName(
  budget: FindingBudget,
  name: string,
  path: JsonPath,
  range: Range,
  first?: () => Range,
): Finding | undefined {
  if (!admitFinding(budget, 'RPT102')) {
    return undefined;
  }
  const shown = displayText(name);
  const related = first === undefined ? undefined : [{ message: `First \`${shown}\` here`, range: first() }];
  return makeFinding('RPT102', { range, path, data: { name: shown }, related });
}

/** Report RPT102 for every repeated member name, pointing at the repeat and relating it to the first. */
function findDuplicates(
  node: Node,
  path: (string | number)[],
  locate: (node: Node) => Range,
  findings: Finding[],
  budget: FindingBudget,
): void {
  if (node.type === 'array') {
    node.children?.forEach((child, i) => findDuplicates(child, [...path, i], locate, findings, budget));
    return;
  }
  if (node.type !== 'object') {
    return;
  }
  const seen = new Map<string, Node>();
  for (const member of node.children ?? []) {
    const key = member.children?.[0];
    if (key === undefined || typeof key.value !== 'string') {
      continue;
    }
    const name = key.value;
    const first = seen.get(name);
    if (first) {
      const finding = duplicateName(budget, name, [...path, name], locate(key), () => locate(first));
      if (finding) {
        findings.push(finding);
      }
    } else {
      seen.set(name, key);
    }
    const value = member.children?.[1];
    if (value) {
      findDuplicates(value, [...path, name], locate, findings, budget);
    }
  }
}

/** The path of the innermost node at an offset; inside a member, the member's own path. */
function pathAt(root: Node, offset: number): (string | number)[] {
  const node = findNodeAtOffset(root, offset, true);
  if (node === undefined) {
    return [];
  }
  const key: unknown = node.children?.[0]?.value;
  return node.type === 'property' && typeof key === 'string'
    ? [...getNodePath(node), key]
    : getNodePath(node);
}

/**
 * The plain value of a tree node, as `JSON.parse` would give it (the last of duplicate members wins; objects have
 * no prototype, so a `__proto__` member is plain data). A member whose value a syntax error swallowed is present
 * with the value `undefined`, so the walk neither reports it missing nor mistyped: RPT101 already covers it.
 */
function toValue(node: Node): unknown {
  switch (node.type) {
    case 'array':
      return (node.children ?? []).map(toValue);
    case 'object': {
      const object = Object.create(null) as Record<string, unknown>;
      for (const member of node.children ?? []) {
        const [key, value] = member.children ?? [];
        if (typeof key?.value === 'string') {
          object[key.value] = value ? toValue(value) : undefined;
        }
      }
      return object;
    }
    case 'property':
      return undefined;
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return node.value as unknown;
  }
}

/** The text as jsonc-parser reads it, and ranges in it (the line index is built on first use). */
function prepare(text: string): { source: string; rangeAt: (start: number, end: number) => Range } {
  let index: LineIndex | undefined;
  const rangeAt = (start: number, end: number): Range =>
    (index ??= createLineIndex(text)).rangeOf(start, end);
  // RFC 8259 §8.1: a parser may ignore a byte order mark; a space keeps every offset in place.
  return { source: text.startsWith('\uFEFF') ? ` ${text.slice(1)}` : text, rangeAt };
}

/** RPT101 for nesting beyond `maxDepth`, or undefined when the text nests within it. */
function tooDeepFinding(
  source: string,
  maxDepth: number,
  rangeAt: (start: number, end: number) => Range,
  budget: FindingBudget,
): Finding[] | undefined {
  const tooDeep = findTooDeep(source, maxDepth);
  if (!tooDeep) {
    return undefined;
  }
  admitFinding(budget, 'RPT101');
  const finding = makeFinding('RPT101', {
    range: rangeAt(tooDeep.offset, tooDeep.offset + 1),
    path: tooDeep.path,
    data: { reason: `it nests deeper than ${maxDepth} levels (a TLS report needs 5); not read`, maxDepth },
  });
  return [finding];
}

/** RPT101 for each listed syntax error, and one more when errors were left unlisted. */
function syntaxFindings(
  source: string,
  errors: SyntaxErrorList,
  rangeAt: (start: number, end: number) => Range,
  pathOf: (start: number, reported: number) => (string | number)[],
  budget: FindingBudget,
): Finding[] {
  const findings: Finding[] = [];
  for (const error of errors) {
    const { reason, start, end } = describeSyntaxError(source, error);
    if (admitFinding(budget, 'RPT101')) {
      findings.push(
        makeFinding('RPT101', {
          range: rangeAt(start, end),
          path: pathOf(start, error.offset),
          data: { reason },
        }),
      );
    }
  }
  if (errors.full && admitFinding(budget, 'RPT101')) {
    const at = errors.moreAt;
    findings.push(
      makeFinding('RPT101', {
        range: rangeAt(at, at),
        path: pathOf(at, at),
        data: { reason: `more syntax errors follow from here; only the first ${errors.length} are listed` },
      }),
    );
  }
  return findings;
}

/** Names compared per object by `scanJsonSyntax`; a report's objects have fewer than 20 members. */
const scannedNamesPerObject = 65_536;

/**
 * The flaws of a text too large to read tolerantly, found by one scan that builds no tree (nesting is checked
 * first, as `parseJsonDocument` does): its syntax errors (it stops after the listed ones) and its duplicate member
 * names (RPT102, which `JSON.parse` hides by keeping the last). Each open object remembers its member names, up to
 * `scannedNamesPerObject`; an object with more members than that is reported as repeating a name when the scan finds
 * no other flaw, since the caller asks only after `JSON.parse` and the text disagreed. The text is not read further.
 */
export function scanJsonSyntax(
  text: string,
  maxDepth: number,
  budget: FindingBudget = createFindingBudget(Infinity),
  maxSyntaxErrors: number = limits.syntaxErrors,
): Finding[] {
  const { source, rangeAt } = prepare(text);
  const tooDeep = tooDeepFinding(source, maxDepth, rangeAt, budget);
  if (tooDeep) {
    return tooDeep;
  }
  const errors = new SyntaxErrorList(source, maxSyntaxErrors);
  // The path of the value read last, kept as a supplier: it is worked out only for the few errors listed.
  let lastPath: () => JSONPath = () => [];
  const paths = new Map<number, JSONPath>();
  const duplicates: Finding[] = [];
  // Per open object, its member names and where each first stood (undefined for arrays); `crowded` is the first
  // object with more members than the scan compares.
  const open: (Map<string, [offset: number, length: number]> | undefined)[] = [];
  let crowded: { offset: number; path: JSONPath } | undefined;
  const at = (
    _offset: number,
    _length: number,
    _line: number,
    _character: number,
    supplier: () => JSONPath,
  ) => {
    lastPath = supplier;
  };
  try {
    visit(
      source,
      {
        onObjectBegin: (offset, length, line, character, supplier) => {
          at(offset, length, line, character, supplier);
          open.push(new Map());
        },
        onObjectEnd: () => void open.pop(),
        onArrayBegin: (offset, length, line, character, supplier) => {
          at(offset, length, line, character, supplier);
          open.push(undefined);
        },
        onArrayEnd: () => void open.pop(),
        onLiteralValue: (_value, offset, length, line, character, supplier) =>
          at(offset, length, line, character, supplier),
        onObjectProperty: (property, offset, length, _line, _character, supplier) => {
          lastPath = () => [...supplier(), property];
          const names = open.at(-1);
          if (names === undefined) {
            return;
          }
          const first = names.get(property);
          if (first !== undefined) {
            const finding = duplicateName(
              budget,
              property,
              [...supplier(), property],
              rangeAt(offset, offset + length),
              () => rangeAt(first[0], first[0] + first[1]),
            );
            if (finding) {
              duplicates.push(finding);
            }
          } else if (names.size < scannedNamesPerObject) {
            names.set(property, [offset, length]);
          } else {
            crowded ??= { offset, path: supplier() };
          }
        },
        onError: (error: ParseErrorCode, offset: number, length: number) => {
          const before = errors.length;
          errors.push({ error, offset, length });
          if (errors.length > before) {
            paths.set(offset, lastPath());
          }
          if (errors.full) {
            throw stop;
          }
        },
      },
      strict,
    );
  } catch (error) {
    if (error !== stop) {
      throw error;
    }
  }
  const syntax = syntaxFindings(
    source,
    errors,
    rangeAt,
    (_start, reported) => paths.get(reported) ?? [],
    budget,
  );
  if (syntax.length === 0 && duplicates.length === 0 && crowded) {
    const name = `(one of more than ${scannedNamesPerObject} names in this object)`;
    const finding = duplicateName(budget, name, crowded.path, rangeAt(crowded.offset, crowded.offset));
    if (finding) {
      duplicates.push(finding);
    }
  }
  return sortFindings([...syntax, ...duplicates]);
}

/**
 * Parse a text as strict JSON: no comments, no trailing commas, no empty document, at most `maxDepth` nested
 * objects and arrays. Never throws.
 */
export function parseJsonDocument(
  text: string,
  maxDepth: number,
  budget: FindingBudget = createFindingBudget(Infinity),
  maxSyntaxErrors: number = limits.syntaxErrors,
): JsonDocument {
  const { source, rangeAt } = prepare(text);
  const tooDeep = tooDeepFinding(source, maxDepth, rangeAt, budget);
  if (tooDeep) {
    return { root: undefined, value: undefined, findings: tooDeep, locator: { rangeOf: () => undefined } };
  }
  const errors = new SyntaxErrorList(source, maxSyntaxErrors);
  const root = parseTree(source, errors, strict);
  const findings = syntaxFindings(
    source,
    errors,
    rangeAt,
    (start) => (root ? pathAt(root, start) : []),
    budget,
  );
  if (root) {
    findDuplicates(root, [], (node) => rangeAt(node.offset, node.offset + node.length), findings, budget);
  }
  const value = root ? toValue(root) : undefined;
  return { root, value, findings, locator: createTreeLocator(text, root) };
}
