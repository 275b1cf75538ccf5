/**
 * The server's settings (`stsInspector.*`), read from the client and checked: unknown or ill-typed values fall back
 * to the defaults, so a typo in a user's settings never breaks the server.
 */
import { isFindingCode, parseDomainName, type PolicyLineEnding, type Severity } from '@sts-inspector/shared';

/** A per-code severity override; `off` hides the code. */
export type SeverityOverride = Severity | 'off';

/** A domain setting in A-labels, or '' when it is empty or no domain name. */
function domainOf(value: string): string {
  const name = parseDomainName(value);
  return name.ok ? name.domain : '';
}

/** Everything the server reads from the client's configuration. */
export interface ServerSettings {
  /** DoH resolver for the live check: a preset name (`cloudflare`, `google`, `quad9`) or an https URL. */
  resolver: string;
  /** Look the policy domain's MX set up and check the `mx` lines against it (off by default: it uses the network). */
  liveCheck: boolean;
  /** The policy domain when the file's path does not tell it. */
  domain: string;
  /** Severity per code, e.g. `{ "STS226": "off" }`. */
  severity: Record<string, SeverityOverride>;
  /** The most diagnostics shown per document; one more says how many were left out. */
  maxFindings: number;
  /** Line endings of formatted policies. */
  lineEnding: PolicyLineEnding;
  /** Wait after a change to a large document (over 64 KiB) before linting it again. */
  debounceMs: number;
}

/** The defaults. */
export const defaultSettings: ServerSettings = {
  resolver: 'cloudflare',
  liveCheck: false,
  domain: '',
  severity: {},
  maxFindings: 1000,
  lineEnding: 'crlf',
  debounceMs: 200,
};

const severities = new Set(['error', 'warning', 'info', 'hint', 'off']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Read settings from what the client sent (the `stsInspector` section); never throws. */
export function readSettings(raw: unknown): ServerSettings {
  const s = isRecord(raw) ? raw : {};
  const severity: Record<string, SeverityOverride> = {};
  if (isRecord(s.severity)) {
    for (const [code, level] of Object.entries(s.severity)) {
      if (isFindingCode(code) && typeof level === 'string' && severities.has(level)) {
        severity[code] = level as SeverityOverride;
      }
    }
  }
  const int = (v: unknown, min: number, max: number, fallback: number): number =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fallback;
  return {
    resolver: typeof s.resolver === 'string' && s.resolver !== '' ? s.resolver : defaultSettings.resolver,
    liveCheck: s.liveCheck === true,
    // What a domain is, the core says (as for the CLI's argument); anything else is no domain.
    domain: typeof s.domain === 'string' ? domainOf(s.domain) : '',
    severity,
    maxFindings: int(s.maxFindings, 1, 100_000, defaultSettings.maxFindings),
    lineEnding: s.lineEnding === 'lf' || s.lineEnding === 'keep' ? s.lineEnding : 'crlf',
    debounceMs: int(s.debounceMs, 0, 10_000, defaultSettings.debounceMs),
  };
}
