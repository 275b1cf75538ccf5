/**
 * JSON written piece by piece: the same text as `JSON.stringify(value, null, 2)`, but never built as one string,
 * since the findings of one large report can pass the longest string V8 makes (about 512 MiB), and handed on as it
 * is made, so that the entries of a long list need not all be held. Containers near the top are streamed element
 * by element; everything deeper goes through `JSON.stringify` as usual.
 */
import { SCHEMA_VERSION } from './json.js';

/** Containers this deep are written whole (findings, summary rows, email metadata). */
const streamedDepth = 4;
/** Text is handed to `write` in pieces of about this many characters. */
export const jsonChunkChars = 1 << 20;

/** Text out, in pieces: `out` collects, `flush` hands the rest to the writer. */
export interface ChunkedOutput {
  out: (text: string) => void;
  flush: () => void;
}

export function chunkedOutput(write: (text: string) => unknown): ChunkedOutput {
  let buffer = '';
  return {
    out: (text) => {
      buffer += text;
      if (buffer.length >= jsonChunkChars) {
        write(buffer);
        buffer = '';
      }
    },
    flush: () => {
      if (buffer !== '') {
        write(buffer);
        buffer = '';
      }
    },
  };
}

/** Write `value` as `JSON.stringify(value, null, 2)` would, indented by `pad`, at nesting `depth`. */
export function streamValue(value: unknown, pad: string, depth: number, out: (text: string) => void): void {
  if (typeof value !== 'object' || value === null || depth >= streamedDepth) {
    const json = JSON.stringify(value, null, 2);
    out(pad === '' ? json : json.replace(/\n/g, `\n${pad}`));
    return;
  }
  if (Array.isArray(value)) {
    const list = streamList(out, pad, depth);
    for (const element of value as unknown[]) {
      list.add(element);
    }
    list.close();
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined && typeof v !== 'function',
  );
  if (entries.length === 0) {
    out('{}');
    return;
  }
  const inner = `${pad}  `;
  out('{\n');
  entries.forEach(([key, v], i) => {
    out(`${inner}${JSON.stringify(key)}: `);
    streamValue(v, inner, depth + 1, out);
    out(i < entries.length - 1 ? ',\n' : '\n');
  });
  out(`${pad}}`);
}

/** An array written element by element, as the elements come. */
export interface StreamedList {
  add: (element: unknown) => void;
  close: () => void;
}

/** Open an array at indentation `pad` and nesting `depth` (the array's own). */
export function streamList(out: (text: string) => void, pad: string, depth: number): StreamedList {
  const inner = `${pad}  `;
  let count = 0;
  return {
    add: (element) => {
      out(count++ === 0 ? `[\n${inner}` : `,\n${inner}`);
      // As JSON.stringify: undefined and functions in arrays are written as null.
      streamValue(
        element === undefined || typeof element === 'function' ? null : element,
        inner,
        depth + 1,
        out,
      );
    },
    close: () => out(count === 0 ? '[]' : `\n${pad}]`),
  };
}

/** Members of an object written one after another at indentation `pad` and nesting `depth` (the object's). */
export function streamMembers(
  members: Record<string, unknown>,
  pad: string,
  depth: number,
  out: (text: string) => void,
  first: boolean,
): void {
  let i = 0;
  for (const [key, value] of Object.entries(members)) {
    if (value === undefined || typeof value === 'function') {
      continue;
    }
    out(`${first && i === 0 ? '' : ','}\n${pad}  ${JSON.stringify(key)}: `);
    streamValue(value, `${pad}  `, depth + 1, out);
    i++;
  }
}

/** The output contract's envelope: `schemaVersion`, `tool`, `command`, then the command's members. */
const envelope = (command: string): Record<string, unknown> => ({
  schemaVersion: SCHEMA_VERSION,
  tool: 'sts-inspector',
  command,
});

/** Write `printJson(command, body)` through `write`, in pieces. */
export function writeJson(
  write: (text: string) => unknown,
  command: string,
  body: Record<string, unknown>,
): void {
  const output = chunkedOutput(write);
  streamValue({ ...envelope(command), ...body }, '', 0, output.out);
  output.out('\n');
  output.flush();
}

/** A JSON document whose list member is written as its entries come; `end` adds the members that follow it. */
export interface StreamedDocument {
  add: (entry: unknown) => void;
  end: (after?: Record<string, unknown>) => void;
}

/**
 * Start the document `printJson(command, { ...before, [listKey]: entries, ...after })` and write it through
 * `write` as it goes: the members before the list at once, each entry when it is added, the rest at the end.
 */
export function startJsonDocument(
  write: (text: string) => unknown,
  command: string,
  listKey: string,
  before: Record<string, unknown> = {},
): StreamedDocument {
  const output = chunkedOutput(write);
  output.out('{');
  streamMembers({ ...envelope(command), ...before }, '', 0, output.out, true);
  output.out(`,\n  ${JSON.stringify(listKey)}: `);
  const list = streamList(output.out, '  ', 1);
  return {
    add: (entry) => list.add(entry),
    end: (after = {}) => {
      list.close();
      streamMembers(after, '', 0, output.out, false);
      output.out('\n}\n');
      output.flush();
    },
  };
}
