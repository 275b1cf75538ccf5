/**
 * Which addresses the policy fetch may connect to: public unicast only. A checker that fetched whatever a
 * domain's DNS points at could be aimed at loopback, the LAN or a cloud metadata service, so everything that is
 * not globally routable unicast is refused. Never throws.
 */
import ipaddr from 'ipaddr.js';

/**
 * Whether `address` is a public unicast IPv4 or IPv6 address. Refused: unspecified, loopback, private (RFC 1918),
 * unique-local (RFC 4193), link-local, CGNAT (RFC 6598), multicast, broadcast, documentation (RFC 5737,
 * RFC 3849), benchmarking (RFC 2544, RFC 5180), IETF-reserved and every IPv6 address outside 2000::/3. An
 * IPv4-mapped IPv6 address is judged as its IPv4 address. Anything unparsable is not public.
 */
export function isPublicAddress(address: string): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, ''));
  } catch {
    return false;
  }
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) {
      return isPublicAddress(v6.toIPv4Address().toString());
    }
    // Global unicast is 2000::/3 (RFC 4291 §2.4); ipaddr.js calls everything it has no name for "unicast".
    return v6.range() === 'unicast' && ((v6.parts[0] ?? 0) & 0xe000) === 0x2000;
  }
  return parsed.range() === 'unicast';
}
