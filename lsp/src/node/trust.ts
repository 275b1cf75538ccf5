/**
 * The TLS trust of the Node ports: the public roots plus an extra CA (a lab's), as one secure context per process.
 * Building it parses every root certificate (about 20 ms of CPU), so the DoH fetch and the policy fetcher share it
 * instead of building one each.
 */
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';

const contexts = new Map<string, SecureContext>();

/** A secure context trusting the public roots and `ca` (PEM); the same object for the same PEM. */
export function contextWithExtraCa(ca: string | Buffer): SecureContext {
  const pem = ca.toString();
  let context = contexts.get(pem);
  if (context === undefined) {
    // An extra CA adds to the public roots instead of replacing them.
    context = createSecureContext({ ca: [...rootCertificates, pem] });
    contexts.set(pem, context);
  }
  return context;
}
