// Stand-ins until the core's shell API lands; every function here moves to @sts-inspector/shared.
import type { Finding, Posture, Verdict } from '@sts-inspector/shared';
import type { RememberedPolicy } from '../background/store.js';

export function mailDomainOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return null;
  }
  const host = parsed.hostname;
  if (host === 'localhost' || /^[\d.]+$/.test(host) || host.includes(':') || !host.includes('.')) {
    return null;
  }
  const labels = host.split('.');
  return labels.slice(-2).join('.');
}

export function badgeOf(verdict: Verdict | null): { text: string; color: string } {
  switch (verdict) {
    case null:
      return { text: '', color: '#777777' };
    case 'enforced':
      return { text: 'OK', color: '#1a7f37' };
    case 'testing':
      return { text: 'TEST', color: '#9a6700' };
    case 'none':
      return { text: 'NONE', color: '#6e7781' };
    case 'broken':
      return { text: 'ERR', color: '#cf222e' };
    case 'absent':
      return { text: 'NO', color: '#6e7781' };
    case 'unknown':
      return { text: '?', color: '#6e7781' };
  }
}

export function judgeHistory(previous: RememberedPolicy | null, posture: Posture): Finding[] {
  return previous === null || posture.domain === '' ? [] : [];
}
