import { describe, expect, it } from 'vitest';
import { createLineIndex } from '../../text/line-index.js';
import { reportOutline } from './report-outline.js';
import { readReportText } from './report.js';

describe('RFC 8460 §4.4 report outline', () => {
  it('lists policies by domain and their failure details by result type, located in the text', () => {
    const text = JSON.stringify(
      {
        'organization-name': 'x',
        policies: [
          {
            policy: { 'policy-type': 'sts', 'policy-domain': 'example.com' },
            summary: { 'total-successful-session-count': 5, 'total-failure-session-count': 3 },
            'failure-details': [
              { 'result-type': 'certificate-expired', 'failed-session-count': 1 },
              { 'result-type': 'starttls-not-supported', 'failed-session-count': 1 },
              { 'result-type': 'certificate-expired', 'failed-session-count': 1 },
            ],
          },
        ],
      },
      null,
      2,
    );
    const outline = reportOutline(text, readReportText(text).value!);
    expect(outline.map((e) => [e.name, e.detail])).toEqual([['example.com', 'sts: 5 successful, 3 failed']]);
    expect(outline[0]!.children.map((c) => [c.name, c.detail])).toEqual([
      ['certificate-expired', '2 failed sessions in 2 details'],
      ['starttls-not-supported', '1 failed session in 1 detail'],
    ]);
    const index = createLineIndex(text);
    const at = (r: { start: { line: number; character: number } }): string =>
      text.slice(index.offsetAt(r.start)).slice(0, 60);
    expect(at(outline[0]!.range)).toMatch(/^\{\s+"policy"/);
    expect(at(outline[0]!.children[1]!.range)).toMatch(/^\{\s+"result-type": "starttls/);
  });
});
