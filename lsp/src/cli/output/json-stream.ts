/**
 * JSON written piece by piece: the same text as `JSON.stringify(value, null, 2)`, but never built as one string,
 * since the findings of one large report can pass the longest string V8 makes (about 512 MiB), and handed on as it
 * is made, waiting whenever the reader is slower (a pipe holds 64 KiB; what it cannot take would pile up in
 * memory), so that the entries of a long list need not all be held. Containers near the top are streamed element
 * by element; everything deeper goes through `JSON.stringify` as usual.
 */
import type { Sink } from './sink.js';
import { SCHEMA_VERSION } from './json.js';

/** Containers this deep are written whole (findings, summary rows, email metadata). */
const streamedDepth = 4;
/** Text is handed to the sink in pieces of about this many characters. */
export const jsonChunkChars = 1 << 20;

/** Hand `pieces` to the sink in chunks of about `jsonChunkChars`, waiting for it after each. */
export async function pipeText(pieces: Iterable<string>, sink: Sink): Promise<void> {
  let buffer = '';
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= jsonChunkChars) {
      await sink.write(buffer);
      buffer = '';
    }
  }
  if (buffer !== '') {
    await sink.write(buffer);
  }
}

/** The text of `value` as `JSON.stringify(value, null, 2)` would write it, indented by `pad`, at nesting `depth`. */
export function* jsonPieces(value: unknown, pad: string, depth: number): Generator<string> {
  if (typeof value !== 'object' || value === null || depth >= streamedDepth) {
    const json = JSON.stringify(value, null, 2);
    yield pad === '' ? json : json.replace(/\n/g, `\n${pad}`);
    return;
  }
  if (Array.isArray(value)) {
    const list = jsonList(pad, depth);
    for (const element of value as unknown[]) {
      yield* list.add(element);
    }
    yield list.close();
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined && typeof v !== 'function',
  );
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  yield* memberPieces(Object.fromEntries(entries), pad, depth, true);
  yield `\n${pad}}`;
}

/** An array written element by element, as the elements come. */
export interface JsonList {
  add: (element: unknown) => Generator<string>;
  close: () => string;
}

/** An array at indentation `pad` and nesting `depth` (the array's own). */
export function jsonList(pad: string, depth: number): JsonList {
  const inner = `${pad}  `;
  let count = 0;
  return {
    *add(element) {
      yield count++ === 0 ? `[\n${inner}` : `,\n${inner}`;
      // As JSON.stringify: undefined and functions in arrays are written as null.
      yield* jsonPieces(
        element === undefined || typeof element === 'function' ? null : element,
        inner,
        depth + 1,
      );
    },
    close: () => (count === 0 ? '[]' : `\n${pad}]`),
  };
}

/** Members of an object at indentation `pad` and nesting `depth` (the object's), after `{` or after a member. */
export function* memberPieces(
  members: Record<string, unknown>,
  pad: string,
  depth: number,
  first: boolean,
): Generator<string> {
  let i = 0;
  for (const [key, value] of Object.entries(members)) {
    if (value === undefined || typeof value === 'function') {
      continue;
    }
    yield `${first && i === 0 ? '' : ','}\n${pad}  ${JSON.stringify(key)}: `;
    yield* jsonPieces(value, `${pad}  `, depth + 1);
    i++;
  }
}

/** The output contract's envelope: `schemaVersion`, `tool`, `command`, then the command's members. */
const envelope = (command: string): Record<string, unknown> => ({
  schemaVersion: SCHEMA_VERSION,
  tool: 'sts-inspector',
  command,
});

/** Write `printJson(command, body)` to the sink, in pieces. */
export async function writeJson(sink: Sink, command: string, body: Record<string, unknown>): Promise<void> {
  await pipeText(
    (function* () {
      yield* jsonPieces({ ...envelope(command), ...body }, '', 0);
      yield '\n';
    })(),
    sink,
  );
}

/** A JSON document whose list member is written as its entries come; `end` adds the members that follow it. */
export interface StreamedDocument {
  add: (entry: unknown) => Promise<void>;
  end: (after?: Record<string, unknown>) => Promise<void>;
}

/**
 * Start the document `printJson(command, { ...before, [listKey]: entries, ...after })` on the sink: the members
 * before the list at once, each entry when it is added, the rest at the end.
 */
export async function startJsonDocument(
  sink: Sink,
  command: string,
  listKey: string,
  before: Record<string, unknown> = {},
): Promise<StreamedDocument> {
  await pipeText(
    (function* () {
      yield '{';
      yield* memberPieces({ ...envelope(command), ...before }, '', 0, true);
      yield `,\n  ${JSON.stringify(listKey)}: `;
    })(),
    sink,
  );
  const list = jsonList('  ', 1);
  return {
    add: (entry) => pipeText(list.add(entry), sink),
    end: (after = {}) =>
      pipeText(
        (function* () {
          yield list.close();
          yield* memberPieces(after, '', 0, false);
          yield '\n}\n';
        })(),
        sink,
      ),
  };
}
