/** The user's settings: which DoH resolver, and whether every site is checked as it loads. */
import { dohPresets, resolveEndpoint } from '@sts-inspector/shared';

export interface Settings {
  /** A preset name (`cloudflare`, `google`, `quad9`) or a custom https URL (RFC 8484). */
  resolver: string;
  /** Check every https site as it loads (asks for all https origins). */
  autoCheck: boolean;
}

export const defaultSettings: Settings = { resolver: 'cloudflare', autoCheck: false };

/** Settings from storage, with defaults for anything missing or malformed. */
export function readSettings(stored: unknown): Settings {
  const value = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const resolver =
    typeof value.resolver === 'string' && resolveEndpoint(value.resolver).ok
      ? value.resolver
      : defaultSettings.resolver;
  return { resolver, autoCheck: value.autoCheck === true };
}

/**
 * The host permission a resolver needs: its origin without a port (Firefox ignores a host permission with a
 * port; Chrome matches every port of a portless pattern). Null for an invalid resolver.
 */
export function resolverPermission(resolver: string): string | null {
  const endpoint = resolveEndpoint(resolver);
  if (!endpoint.ok) {
    return null;
  }
  return `https://${new URL(endpoint.url).hostname}/*`;
}

/** The resolver as people know it: the preset's label, or the URL. */
export function resolverLabel(resolver: string): string {
  const endpoint = resolveEndpoint(resolver);
  if (!endpoint.ok) {
    return resolver;
  }
  return endpoint.preset === null ? endpoint.url : dohPresets[endpoint.preset].label;
}

/** The host permission the policy fetch of a domain needs (Chrome ignores a permission's path). */
export function policyPermission(domain: string): string {
  return `https://mta-sts.${domain}/*`;
}

/** All https origins: every policy host at once. */
export const allSitesPermission = 'https://*/*';
