/** Which kind of document each folder of `shared/fixtures/` holds, for the tests that walk them. */
import type { DocumentKind } from './document.js';

export const fixtureFolders: Record<string, DocumentKind> = {
  'mta-sts-record': 'sts-record',
  policy: 'policy',
  'tls-rpt-record': 'tlsrpt-record',
  report: 'report',
  'report-msg': 'report-email',
};
