/**
 * The lab's test CA for a real browser: Chromium on Linux and Firefox both read trust from an NSS database, made
 * here with `certutil` (Debian's libnss3-tools).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';

/** Whether `certutil` is installed. */
export const hasCertutil = (): boolean =>
  ['/usr/bin/certutil', '/bin/certutil'].some((path) => existsSync(path));

/** A new NSS database in `dir` (made if needed) that trusts the CA in `caFile` for TLS servers. */
export function trustCa(dir: string, caFile: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('certutil', ['-d', `sql:${dir}`, '-N', '--empty-password']);
  execFileSync('certutil', [
    '-d',
    `sql:${dir}`,
    '-A',
    '-t',
    'C,,',
    '-n',
    'sts-inspector-lab-ca',
    '-i',
    caFile,
  ]);
}
