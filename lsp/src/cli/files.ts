/**
 * Input files for `lint` and `report`: arguments and folders become a list of entries (folders walked in name
 * order, symbolic links followed, each folder entered once so link cycles end); files are read only when they are
 * regular files, and never past the bound of bytes actually read (a device or a growing file says nothing true
 * in `stat().size`). Problems are that file's error, in words.
 */
import { constants } from 'node:fs';
import { open, readdir, realpath, stat, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { fileKindHeadBytes } from '@sts-inspector/shared/lint';
import { describeError, InputError } from './io.js';
import { formatSize, inputLimits } from './limits.js';

/** One input: a file to read, a file found in a folder that is not one (`skip`), or one that cannot be read. */
export interface InputEntry {
  path: string;
  /** Named on the command line, not found in a folder. */
  explicit: boolean;
  /** Why a file found in a folder is passed over (not a regular file). */
  skip?: string;
  /** Why the file cannot be read. */
  error?: string;
}

/** What a file system entry is, when it is not a regular file or a folder. */
function nonRegular(info: Stats): string {
  if (info.isFIFO()) {
    return 'a named pipe (FIFO)';
  }
  if (info.isCharacterDevice()) {
    return 'a character device';
  }
  if (info.isBlockDevice()) {
    return 'a block device';
  }
  if (info.isSocket()) {
    return 'a socket';
  }
  return 'not a regular file';
}

/**
 * Walk a folder in name order, following symbolic links to files and folders; a folder reached again (a link
 * cycle, or two links to one folder) is not walked twice.
 */
async function walk(dir: string, entered: Set<string>, out: InputEntry[]): Promise<void> {
  let real: string;
  let names: string[];
  try {
    real = await realpath(dir);
    if (entered.has(real)) {
      return;
    }
    entered.add(real);
    names = await readdir(dir);
  } catch (error) {
    out.push({ path: dir, explicit: false, error: `cannot read the folder: ${describeError(error)}` });
    return;
  }
  names.sort();
  for (const name of names) {
    const path = join(dir, name);
    let info: Stats;
    try {
      info = await stat(path);
    } catch (error) {
      out.push({ path, explicit: false, error: `cannot read: ${describeError(error)}` });
      continue;
    }
    if (info.isDirectory()) {
      await walk(path, entered, out);
    } else if (info.isFile()) {
      out.push({ path, explicit: false });
    } else {
      out.push({ path, explicit: false, skip: nonRegular(info) });
    }
  }
}

/** The entries for the command line's paths: files as given, folders walked. */
export async function expandInputs(paths: readonly string[]): Promise<InputEntry[]> {
  const out: InputEntry[] = [];
  const entered = new Set<string>();
  for (const path of paths) {
    let info: Stats;
    try {
      info = await stat(path);
    } catch (error) {
      out.push({ path, explicit: true, error: `cannot read: ${describeError(error)}` });
      continue;
    }
    if (info.isDirectory()) {
      await walk(path, entered, out);
    } else {
      out.push({ path, explicit: true });
    }
  }
  return out;
}

/**
 * Open a regular file for reading. Non-blocking, so that a named pipe put in its place cannot hang the open; its
 * type is then checked on the open file itself.
 */
async function openRegular(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError(`cannot read: ${describeError(error)}`);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) {
      throw new InputError('it is a folder');
    }
    if (!info.isFile()) {
      throw new InputError(`cannot read: ${nonRegular(info)}, not a regular file`);
    }
    return { handle, size: info.size };
  } catch (error) {
    await handle.close();
    throw error instanceof InputError ? error : new InputError(`cannot read: ${describeError(error)}`);
  }
}

function tooLarge(size: string): InputError {
  return new InputError(`${size}, over the ${formatSize(inputLimits.fileBytes)} limit on input files`);
}

/** Read at most `limit` bytes of an open file, refusing it when there are more, whatever its size said. */
async function readBounded(handle: FileHandle, size: number, limit: number): Promise<Buffer> {
  if (size > limit) {
    throw tooLarge(formatSize(size));
  }
  // One byte more than the file should have, to see whether it has more.
  let buffer = Buffer.allocUnsafe(Math.min(limit, size) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > limit) {
        throw tooLarge(`more than ${formatSize(limit)}`);
      }
      const grown = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(64 * 1024, length * 2)));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buffer, length, buffer.length - length, null));
    } catch (error) {
      throw new InputError(`cannot read: ${describeError(error)}`);
    }
    if (bytesRead === 0) {
      return buffer.subarray(0, length);
    }
    length += bytesRead;
  }
}

/** Read a whole input file within the bound. */
async function readBytes(path: string, limit: number = inputLimits.fileBytes): Promise<Buffer> {
  const { handle, size } = await openRegular(path);
  try {
    return await readBounded(handle, size, limit);
  } finally {
    await handle.close();
  }
}

/** The first bytes of a file, enough to tell what it is (`detectFileKind`). */
export async function readHead(path: string): Promise<Uint8Array> {
  const { handle } = await openRegular(path);
  try {
    const buffer = Buffer.alloc(fileKindHeadBytes);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      length += bytesRead;
      if (bytesRead === 0 || length === buffer.length) {
        return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
      }
    }
  } catch (error) {
    throw error instanceof InputError ? error : new InputError(`cannot read: ${describeError(error)}`);
  } finally {
    await handle.close();
  }
}

/** Read a file as bytes, within the bound; a plain view of the bytes read, not a copy. */
export async function readInput(path: string): Promise<Uint8Array> {
  const bytes = await readBytes(path);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Read a report file: a plain `.json` as its text, decoded at once so that its bytes are not held beside the text
 * and the parsed report (a report may be hundreds of megabytes); anything else, and a `.json` whose bytes are not
 * plain UTF-8 (gzip or another encoding under that name, a byte order mark), as bytes, for the core to sort out and
 * locate.
 */
export async function readReportInput(path: string): Promise<string | Uint8Array> {
  const bytes = await readBytes(path);
  if (!/\.json$/i.test(path)) {
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  const text = bytes.toString('utf8');
  return text.includes('\uFFFD') || text.charCodeAt(0) === 0xfeff
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : text;
}
