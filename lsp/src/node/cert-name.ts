/**
 * Certificate name matching for the policy host as RFC 8461 §3.3 wants it (RFC 6125 §6.4 with its restrictions):
 * only subjectAltName DNS-IDs count (never the subject CN), and `*` only as the whole left-most label, covering
 * exactly one label. Node's default check is looser (CN fallback, partial-label wildcards).
 */
import type { PeerCertificate } from 'node:tls';

/** The certificate's subjectAltName DNS-IDs. */
export function dnsIds(cert: Pick<PeerCertificate, 'subjectaltname'>): string[] {
  return (cert.subjectaltname ?? '')
    .split(', ')
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4));
}

const norm = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/** Whether a DNS-ID matches a host name: exact, or `*.rest` with exactly one label in front of `rest`. */
export function dnsIdMatches(id: string, host: string): boolean {
  const pattern = norm(id);
  const name = norm(host);
  if (!pattern.includes('*')) {
    return pattern === name;
  }
  if (!pattern.startsWith('*.') || pattern.slice(2).includes('*')) {
    return false;
  }
  const dot = name.indexOf('.');
  return dot > 0 && name.slice(dot + 1) === pattern.slice(2);
}

/** A `checkServerIdentity` for `tls.connect`: undefined when a DNS-ID matches, else an error Node reports. */
export function checkPolicyHostIdentity(host: string, cert: PeerCertificate): Error | undefined {
  if (dnsIds(cert).some((id) => dnsIdMatches(id, host))) {
    return undefined;
  }
  return Object.assign(new Error(`The certificate has no DNS name matching ${host}.`), {
    code: 'ERR_TLS_CERT_ALTNAME_INVALID',
  });
}
