/**
 * What each open document is, and one analysis per document version that every feature reads (parse once, read
 * many times). The kind comes from the language id the client gave, else from the core's file-kind detection;
 * JSON that is no report is left alone. Reports are linted by the report linter (a worker), the rest here.
 */
import { fileURLToPath } from 'node:url';
import {
  detectKind,
  isReportKind,
  isZoneFileName,
  lintDocument,
  lintZoneFile,
  looksLikeReportJson,
  parsePolicy,
  sortFindings,
  zoneOriginOfFileName,
  type DocumentKind,
  type Finding,
  type Policy,
  type ZoneLint,
} from '@sts-inspector/shared';
import type { ReportLinter } from './report-linter.js';

/** A document kind the server lints: the core's kinds and DNS zone files. */
export type ServerDocumentKind = DocumentKind | 'dns-zone';

/** The text of a document at one version. */
export interface DocumentSnapshot {
  uri: string;
  languageId: string;
  version: number;
  getText(): string;
}

/** One document version, analysed. */
export interface Analysis {
  uri: string;
  version: number;
  kind: ServerDocumentKind;
  /** The findings shown (at most the setting's maximum). */
  findings: Finding[];
  /** How many findings there were in all. */
  total: number;
  /** For policies: the parse. */
  policy?: Policy;
  /** For zone files: the records found. */
  zone?: ZoneLint;
}

const languageKinds: Record<string, ServerDocumentKind> = {
  'mta-sts': 'policy',
  'mta-sts-record': 'sts-record',
  'tlsrpt-record': 'tlsrpt-record',
  'dns-zone': 'dns-zone',
  'tlsrpt-report': 'report',
};

/** The file path of a uri (its path for other schemes). */
export function pathOf(uri: string): string {
  try {
    const url = new URL(uri);
    return url.protocol === 'file:' ? fileURLToPath(url) : decodeURIComponent(url.pathname);
  } catch {
    return uri;
  }
}

/** The kind of a document, or undefined when the server leaves it alone. */
export function kindOf(
  doc: { uri: string; languageId: string },
  text: string,
): ServerDocumentKind | undefined {
  const byLanguage = languageKinds[doc.languageId];
  if (byLanguage) {
    return byLanguage;
  }
  const path = pathOf(doc.uri);
  if (isZoneFileName(path)) {
    return 'dns-zone';
  }
  const head = new TextEncoder().encode(text.slice(0, 4096));
  const kind = detectKind(path, head);
  // An editor opens every JSON file: only reports get report findings.
  if (kind === 'report' && !looksLikeReportJson(text)) {
    return undefined;
  }
  return kind;
}

/** Cut findings to the maximum. */
function capped(findings: Finding[], max: number): { findings: Finding[]; total: number } {
  return { findings: findings.length > max ? findings.slice(0, max) : findings, total: findings.length };
}

/** Analyse a document that is not a report, in this thread. Never throws (the core's parsers do not). */
export async function analyseSmall(
  doc: DocumentSnapshot,
  kind: Exclude<ServerDocumentKind, 'report' | 'report-email'>,
  options: { maxFindings: number; domain: string },
): Promise<Analysis> {
  const text = doc.getText();
  const base = { uri: doc.uri, version: doc.version, kind };
  switch (kind) {
    case 'policy': {
      const parsed = parsePolicy(text, { domain: options.domain || undefined });
      return {
        ...base,
        ...capped(sortFindings(parsed.findings), options.maxFindings),
        ...(parsed.value ? { policy: parsed.value } : {}),
      };
    }
    case 'dns-zone': {
      const zone = lintZoneFile(text, zoneOriginOfFileName(pathOf(doc.uri)));
      return { ...base, ...capped(sortFindings(zone.findings), options.maxFindings), zone };
    }
    case 'sts-record':
    case 'tlsrpt-record': {
      const linted = await lintDocument(kind, new TextEncoder().encode(text));
      return { ...base, ...capped(linted.findings, options.maxFindings) };
    }
  }
}

/**
 * The analyses of open documents, one per uri and version. Report jobs for one uri run in order, and a job whose
 * version is no longer the newest when its turn comes is skipped (its promise gives undefined).
 */
export class Analyses {
  private readonly cache = new Map<string, { version: number; analysis: Promise<Analysis | undefined> }>();
  private readonly newest = new Map<string, number>();
  private readonly reportTail = new Map<string, Promise<unknown>>();
  private readonly done = new Map<string, Analysis>();

  constructor(
    private readonly linter: ReportLinter,
    private readonly options: () => { maxFindings: number; domainOf: (uri: string) => string },
  ) {}

  /** Note that a newer version exists (before its analysis is asked for), so queued older jobs are skipped. */
  touch(uri: string, version: number): void {
    this.newest.set(uri, Math.max(version, this.newest.get(uri) ?? -Infinity));
  }

  /** The analysis of this version (undefined for documents the server leaves alone, or a skipped stale job). */
  get(doc: DocumentSnapshot): Promise<Analysis | undefined> {
    const known = this.cache.get(doc.uri);
    if (known && known.version === doc.version) {
      return known.analysis;
    }
    this.touch(doc.uri, doc.version);
    const analysis = this.analyse(doc).then((a) => {
      if (a && this.newest.get(doc.uri) === a.version) {
        this.done.set(doc.uri, a);
      }
      return a;
    });
    this.cache.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  /** The newest finished analysis of a uri, whatever its version. */
  latest(uri: string): Analysis | undefined {
    return this.done.get(uri);
  }

  /** Drop everything known about a uri (closed, or settings changed). */
  forget(uri: string): void {
    this.cache.delete(uri);
    this.done.delete(uri);
    this.newest.delete(uri);
    this.reportTail.delete(uri);
    this.linter.forget(uri);
  }

  /** Drop the cached analyses (settings changed), keeping what is known of versions. */
  clear(): void {
    this.cache.clear();
  }

  private analyse(doc: DocumentSnapshot): Promise<Analysis | undefined> {
    const text = doc.getText();
    const kind = kindOf(doc, text);
    const { maxFindings, domainOf } = this.options();
    if (!kind) {
      return Promise.resolve(undefined);
    }
    if (!isReportKind(kind)) {
      return analyseSmall(doc, kind, { maxFindings, domain: domainOf(doc.uri) });
    }
    const tail = this.reportTail.get(doc.uri) ?? Promise.resolve();
    const job = tail.then(async (): Promise<Analysis | undefined> => {
      if (this.newest.get(doc.uri) !== doc.version) {
        return undefined;
      }
      const r = await this.linter.lint({ uri: doc.uri, version: doc.version, kind, text, maxFindings });
      return { uri: doc.uri, version: doc.version, kind, findings: r.findings, total: r.total };
    });
    this.reportTail.set(
      doc.uri,
      job.catch(() => undefined),
    );
    return job;
  }
}
