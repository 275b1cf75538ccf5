import { describe, expect, it } from 'vitest';
import { summarizeReports, readReportText } from '@sts-inspector/shared';
import { escapeMarkdown, summaryMarkdown } from './preview.js';

describe('report preview', () => {
  it('renders report strings as text, never as Markdown or HTML', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)> [a](javascript:x) | *b*')).toBe(
      '\\<img src=x onerror=alert\\(1\\)\\> \\[a\\]\\(javascript:x\\) \\| \\*b\\*',
    );
  });

  it('shows the totals and breakdowns of the core summary', () => {
    const report = {
      'organization-name': 'Evil <b>Org</b>',
      'date-range': { 'start-datetime': '2024-09-03T00:00:00Z', 'end-datetime': '2024-09-03T23:59:59Z' },
      'contact-info': 'a@example.com',
      'report-id': '1',
      policies: [
        {
          policy: { 'policy-type': 'sts', 'policy-domain': 'example.com' },
          summary: { 'total-successful-session-count': 3, 'total-failure-session-count': 1 },
          'failure-details': [{ 'result-type': 'certificate-expired', 'failed-session-count': 1 }],
        },
      ],
    };
    const parsed = readReportText(JSON.stringify(report)).value!;
    const md = summaryMarkdown(summarizeReports([{ report: parsed }]));
    expect(md).toContain('success rate 75.00%');
    expect(md).toContain('Evil \\<b\\>Org\\</b\\>');
    expect(md).toContain('certificate\\-expired');
    expect(md).not.toContain('<b>');
  });
});
