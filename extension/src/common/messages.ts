/**
 * What the popup and the background say to each other over a `check` port. Plain JSON: it crosses between
 * contexts by structured cloning in Chrome and JSON in Firefox. Types only, plus the port's name.
 */
import type { Finding, Posture } from '@sts-inspector/shared';

/** The name of the port a popup opens for one check; closing the popup disconnects it and cancels the check. */
export const checkPortName = 'check';

/** Start a check of `domain`; with `tabId`, its badge shows the verdict. */
export interface CheckRequest {
  type: 'check';
  domain: string;
  tabId: number | null;
  /** Ask the resolver again instead of reading the cache or the HTTP cache (re-check). */
  fresh: boolean;
}

/**
 * Ask the background, which holds the Public Suffix List, for the mail domain of an address (answers it or null),
 * or to read a typed domain name (answers a `DomainNameRead`).
 */
export interface DomainRequest {
  type: 'mail-domain' | 'domain-name';
  text: string;
}

/** One lookup of a running check, as it starts and ends. */
export interface LookupProgress {
  /** `TXT _mta-sts.example.com`, `GET https://…`. */
  label: string;
  state: 'running' | 'done';
  /** Milliseconds since the check started. */
  startMs: number;
}

/** A finished check and what the extension knows beside the posture. */
export interface CheckResult {
  posture: Posture;
  /** The origin the policy fetch needs: `https://mta-sts.<domain>`. */
  policyOrigin: string;
  /** Whether the extension may fetch from `policyOrigin`; if not, the posture has no policy yet. */
  policyPermitted: boolean;
  /** Findings over this posture and the one remembered from before (STS117, STS118). */
  history: Finding[];
  /** When the remembered policy was seen (ISO 8601), if one is remembered. */
  rememberedSince: string | null;
  /** The answer came from the extension's cache (within the DNS TTLs). */
  fromCache: boolean;
  /** The resolver asked, as shown to the user. */
  resolver: string;
}

/** From the background to the popup over the port. */
export type CheckEvent =
  | { type: 'progress'; lookups: LookupProgress[] }
  | { type: 'result'; result: CheckResult }
  | { type: 'error'; message: string };
