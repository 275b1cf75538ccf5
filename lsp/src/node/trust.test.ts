import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type SecureContext, type Server } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestPki, opensslMissing, type KeyPair, type TestPki } from './test-pki.test-helpers.js';
import { contextWithExtraCa } from './trust.js';

const missing = opensslMissing();

/** A TLS server presenting `pair`; resolves with its port. */
async function serve(pair: KeyPair, servers: Server[]): Promise<number> {
  const server = createServer({ key: pair.key, cert: pair.cert }, (socket) => socket.end());
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** Whether a handshake with `context` (and nothing else trusted) verifies the server's chain for doh.test. */
function verifies(port: number, context: SecureContext): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: '127.0.0.1', port, servername: 'doh.test', secureContext: context },
      () => {
        socket.destroy();
        resolve(true);
      },
    );
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (/CERT|SIGNATURE|ISSUER|SELF_SIGNED/.test(error.code ?? '')) {
        resolve(false);
      } else {
        reject(error);
      }
    });
  });
}

describe.skipIf(missing !== undefined)('the extra CA of --ca (contextWithExtraCa)', () => {
  let lab: TestPki;
  let other: TestPki;
  const servers: Server[] = [];
  const made: string[] = [];
  beforeAll(() => {
    lab = makeTestPki();
    other = makeTestPki();
  });
  afterAll(() => {
    servers.forEach((server) => server.close());
    lab.remove();
    other.remove();
    made.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('trusts the extra CA and nothing it did not sign beside the default trust', async () => {
    const context = contextWithExtraCa(lab.ca);
    expect(contextWithExtraCa(Buffer.from(lab.ca))).toBe(context);
    expect(await verifies(await serve(lab.good, servers), context)).toBe(true);
    expect(await verifies(await serve(lab.selfSigned, servers), context)).toBe(false);
    expect(await verifies(await serve(other.good, servers), context)).toBe(false);
  });

  it('adds to the roots Node trusts by default instead of replacing them', async () => {
    // A process told to take its roots from OpenSSL's store (--use-openssl-ca), here a file holding the other
    // CA: the context made for the lab's CA trusts the other CA too, as it trusts the bundled public roots when
    // those are the default.
    const port = await serve(other.good, servers);
    const dir = mkdtempSync(join(tmpdir(), 'sts-trust-'));
    made.push(dir);
    const script = join(dir, 'child.cjs');
    await build({
      stdin: {
        contents: `
          import { connect } from 'node:tls';
          import { contextWithExtraCa } from './trust.ts';
          const socket = connect({ host: '127.0.0.1', port: ${port}, servername: 'doh.test',
            secureContext: contextWithExtraCa(process.env.LAB_CA) }, () => { socket.destroy(); console.log('verified'); });
          socket.on('error', (error) => console.log(error.code));
        `,
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: script,
      logLevel: 'warning',
    });
    const otherCa = join(dir, 'other-ca.pem');
    writeFileSync(otherCa, other.ca);
    // Run apart (not spawnSync): the server answering the child is in this process.
    const run = async (extra: string | undefined): Promise<string> =>
      (
        await promisify(execFile)(process.execPath, ['--use-openssl-ca', script], {
          encoding: 'utf8',
          timeout: 60_000,
          env: {
            PATH: process.env.PATH,
            LAB_CA: lab.ca,
            SSL_CERT_DIR: dir,
            SSL_CERT_FILE: extra ?? join(dir, 'no-such-file.pem'),
          },
        })
      ).stdout.trim();
    expect(await run(otherCa)).toBe('verified');
    // And with a store without it, the other CA is not trusted: the first answer is the default roots' doing.
    expect(await run(undefined)).not.toBe('verified');
  });
});
