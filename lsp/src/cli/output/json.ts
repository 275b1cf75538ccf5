/** The JSON output contract (documented in the README). Stable: bump SCHEMA_VERSION on incompatible change. */
import type { Finding } from '@sts-inspector/shared/lint';

export const SCHEMA_VERSION = 1;

/** A finding as printed: always `code`, `severity`, `message`, `rfc` (null when none); `range` when there is one. */
export interface JsonFinding {
  code: string;
  severity: string;
  message: string;
  range?: Finding['range'];
  path?: Finding['path'];
  rfc: { rfc: number; section: string | null; url: string } | null;
  data?: Finding['data'];
  related?: Finding['related'];
  fix?: Finding['fix'];
}

export function toJsonFinding(f: Finding): JsonFinding {
  const out: JsonFinding = { code: f.code, severity: f.severity, message: f.message, rfc: f.rfc ?? null };
  if (f.range) {
    out.range = f.range;
  }
  if (f.path) {
    out.path = f.path;
  }
  if (f.data) {
    out.data = f.data;
  }
  if (f.related) {
    out.related = f.related;
  }
  if (f.fix) {
    out.fix = f.fix;
  }
  return out;
}

/** Serialise a document with the schema version first. */
export function printJson(command: string, body: Record<string, unknown>): string {
  return (
    JSON.stringify({ schemaVersion: SCHEMA_VERSION, tool: 'sts-inspector', command, ...body }, null, 2) + '\n'
  );
}
