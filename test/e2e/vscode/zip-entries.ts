/**
 * The names of the entries of a zip file (a .vsix is one), read from its central directory. Enough for a test of
 * what a package holds; no decompression.
 */
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

export function zipEntryNames(zip: Buffer): string[] {
  // The end-of-central-directory record is the last 22 bytes plus a comment of at most 65535 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new Error('not a zip file: no end of central directory');
  }
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== CENTRAL) {
      throw new Error(`broken central directory at entry ${n}`);
    }
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
