/**
 * Test helper: a throwaway CA and server certificates made with the `openssl` CLI (Node has no certificate
 * builder), in a temporary folder. OpenSSL 3.0's `x509 -req` has no start-date option, so every leaf is signed
 * with `openssl ca -startdate … -enddate …`, which also gives the expired and not-yet-valid cases.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A key and certificate chain in PEM. */
export interface KeyPair {
  key: string;
  cert: string;
}

/** The CA and the leaves the Node adapter tests use. */
export interface TestPki {
  ca: string;
  /** SANs: the good policy hosts, doh.test and IP 127.0.0.1. */
  good: KeyPair;
  /** SAN mta-sts.somethingelse.test only. */
  wrongName: KeyPair;
  /** Valid 2020-01-01 to 2021-01-01. */
  expired: KeyPair;
  /** Valid from 2099-01-01. */
  notYetValid: KeyPair;
  /** Self-signed, not from the CA. */
  selfSigned: KeyPair;
  remove(): void;
}

/** Why the PKI cannot be made here, or undefined when `openssl` runs. */
export function opensslMissing(): string | undefined {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `the openssl CLI is not available (${(error as Error).message}); TLS adapter tests are skipped`;
  }
}

export const goodHosts = [
  'mta-sts.good.test',
  'mta-sts.redirect.test',
  'mta-sts.big.test',
  'mta-sts.slow.test',
  'mta-sts.private.test',
  'doh.test',
];

/** Make the PKI (about ten openssl runs, EC P-256 keys: well under a second). */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'sts-pki-'));
  const file = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-days',
    '30',
    '-subj',
    '/CN=STS Inspector Test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  writeFileSync(file('index.txt'), '');
  writeFileSync(file('serial'), '1000\n');
  writeFileSync(
    file('ca.cnf'),
    [
      '[ca]',
      'default_ca = test',
      '[test]',
      `database = ${file('index.txt')}`,
      `serial = ${file('serial')}`,
      `new_certs_dir = ${dir}`,
      `certificate = ${file('ca.crt')}`,
      `private_key = ${file('ca.key')}`,
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  const leaf = (name: string, sans: string[], start: string, end: string): KeyPair => {
    openssl('req', ...ec, '-subj', `/CN=${sans[0]}`, '-keyout', `${name}.key`, '-out', `${name}.csr`);
    const altNames = sans.map((san) => (/^[\d.]+$/.test(san) ? `IP:${san}` : `DNS:${san}`)).join(',');
    writeFileSync(
      file(`${name}.ext`),
      `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${altNames}\n`,
    );
    openssl(
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.crt`,
      '-extfile',
      `${name}.ext`,
      '-startdate',
      start,
      '-enddate',
      end,
      '-notext',
    );
    return {
      key: readFileSync(file(`${name}.key`), 'utf8'),
      cert: readFileSync(file(`${name}.crt`), 'utf8'),
    };
  };
  const good = leaf('good', [...goodHosts, '127.0.0.1'], '20200101000000Z', '20991231000000Z');
  const wrongName = leaf('wrongname', ['mta-sts.somethingelse.test'], '20200101000000Z', '20991231000000Z');
  const expired = leaf('expired', ['mta-sts.expired.test'], '20200101000000Z', '20210101000000Z');
  const notYetValid = leaf('notyet', ['mta-sts.notyet.test'], '20990101000000Z', '20991231000000Z');
  openssl(
    'req',
    '-x509',
    ...ec,
    '-days',
    '30',
    '-subj',
    '/CN=mta-sts.selfsigned.test',
    '-addext',
    'subjectAltName=DNS:mta-sts.selfsigned.test',
    '-keyout',
    'self.key',
    '-out',
    'self.crt',
  );
  const selfSigned = {
    key: readFileSync(file('self.key'), 'utf8'),
    cert: readFileSync(file('self.crt'), 'utf8'),
  };
  return {
    ca: readFileSync(file('ca.crt'), 'utf8'),
    good,
    wrongName,
    expired,
    notYetValid,
    selfSigned,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
