/** Reading input files for `lint` and `report`: folders expand to the files in them, sizes are bounded. */
import { readFileSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from './io.js';

/** Largest input file read (a plain report of a very large sender stays far below this). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Expand folders (recursively, sorted) to the files matching `accept`; plain file arguments are kept as given. */
export async function expandInputs(paths: string[], accept: (name: string) => boolean): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw new UsageError(
        `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    if (info.isDirectory()) {
      const entries = (await readdir(path, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && accept(e.name))
        .map((e) => join(e.parentPath, e.name))
        .sort();
      out.push(...entries);
    } else {
      out.push(path);
    }
  }
  return out;
}

/**
 * Read a report file: a plain `.json` as its text, decoded as it is read so that its bytes are not held beside the
 * text and the parsed report (a report may be hundreds of megabytes); anything else, and a `.json` whose bytes are
 * not plain UTF-8 (gzip or another encoding under that name, a byte order mark), as bytes, for the core to sort out
 * and locate.
 */
export async function readReportInput(path: string): Promise<string | Uint8Array> {
  if (!/\.json$/i.test(path)) {
    return readInput(path);
  }
  let text: string;
  try {
    await checkSize(path);
    // Synchronous on purpose: Node decodes the file in one call and frees its buffer at once.
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw asUsageError(path, error);
  }
  return text.includes('\uFFFD') || text.charCodeAt(0) === 0xfeff ? readInput(path) : text;
}

/** Refuse a file over the bound. */
async function checkSize(path: string): Promise<void> {
  const info = await stat(path);
  if (info.size > MAX_FILE_BYTES) {
    throw new UsageError(`${path} is ${info.size} bytes, over the ${MAX_FILE_BYTES}-byte limit`);
  }
}

function asUsageError(path: string, error: unknown): UsageError {
  if (error instanceof UsageError) {
    return error;
  }
  return new UsageError(
    `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
  );
}

/** Read a file as bytes, refusing files over the bound. */
export async function readInput(path: string): Promise<Uint8Array> {
  try {
    await checkSize(path);
    // A plain view of the bytes read, not a copy: a report file may be hundreds of megabytes.
    const bytes = await readFile(path);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    throw asUsageError(path, error);
  }
}
