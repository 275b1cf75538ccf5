/**
 * The TLS trust of the Node ports: the roots Node trusts by default (its bundled public roots, or OpenSSL's store
 * under `--use-openssl-ca`) plus an extra CA (a lab's, `--ca`), as one secure context per process, shared by the DoH
 * fetch and the policy fetcher.
 */
import { createSecureContext, type SecureContext } from 'node:tls';

/** The native context under a `SecureContext`: `addCACert` is what `createSecureContext`'s `ca` option calls. */
interface NativeContext {
  addCACert(pem: string): void;
}

const contexts = new Map<string, SecureContext>();

/** A secure context trusting Node's default roots and `ca` (PEM); the same object for the same PEM. */
export function contextWithExtraCa(ca: string | Buffer): SecureContext {
  const pem = ca.toString();
  let context = contexts.get(pem);
  if (context === undefined) {
    // The default context, then the extra CA added to a copy of its roots. `createSecureContext({ ca:
    // [...rootCertificates, pem] })` parses every bundled root again from PEM (about 50 ms of CPU on the critical
    // path of every check, against 3 ms) and ignores `--use-openssl-ca`.
    context = createSecureContext();
    (context.context as NativeContext).addCACert(pem);
    contexts.set(pem, context);
  }
  return context;
}
