/// <reference types="node" />
/**
 * The report viewer page in a simulated DOM, reading real sample reports through the real reading session (the
 * worker's code, run in-process): totals as the core computes them, both pictures, tables that sort and filter,
 * failure details behind a row, a broken file located while the others are still summarised, gzip and email.
 */
import { readReportFile, summarizeReports, webGunzipStream, type ReportSummary } from '@sts-inspector/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileOf, gzip, mountViewer, sample } from './viewer.test-helpers.js';

const gunzipStream = webGunzipStream();

/** The core's summary of the same files, read the way the CLI reads them. */
async function coreSummary(files: [string, Uint8Array][]): Promise<ReportSummary> {
  const reports = [];
  for (const [name, bytes] of files) {
    const read = await readReportFile(name, bytes, { gunzipStream });
    if (read.value) {
      reports.push({ report: read.value, source: name });
    }
  }
  return summarizeReports(reports);
}

let unmount = (): void => undefined;
afterEach(() => unmount());

function mount() {
  const viewer = mountViewer();
  unmount = viewer.unmount;
  return viewer;
}

const text = (root: Element, selector: string): string => root.querySelector(selector)?.textContent ?? '';
const totals = (root: Element) => ({
  successful: text(root, '[data-total="successful"]'),
  failed: text(root, '[data-total="failed"]'),
  successRate: text(root, '[data-total="successRate"]'),
});
const rowsOf = (root: Element, table: string): string[][] =>
  Array.from(root.querySelectorAll(`[data-table="${table}"] > table > tbody > tr:not(.details)`)).map((tr) =>
    Array.from(tr.querySelectorAll(':scope > td:not(.toggle)')).map((td) => td.textContent ?? ''),
  );
const fileStatus = (root: Element, name: string): string | undefined =>
  root.querySelector<HTMLElement>(`[data-file="${name}"]`)?.dataset.status;

/** Wait until every file given has its outcome and the summary counts `reports`. */
async function settled(root: Element, reports: number): Promise<void> {
  await vi.waitFor(
    () => {
      expect(root.querySelector('main')?.getAttribute('data-busy')).toBe('0');
      expect(text(root, '[data-range]')).toMatch(new RegExp(`^${reports} reports?,`));
    },
    { timeout: 30_000, interval: 20 },
  );
}

describe('report viewer', () => {
  it('shows a report with failures: totals, organisations, dates, both pictures and the failure details', async () => {
    const { root, open } = mount();
    const bytes = sample('validation-failure-testing.json');
    open(fileOf('validation-failure-testing.json', bytes));
    await settled(root, 1);
    const core = await coreSummary([['validation-failure-testing.json', bytes]]);
    expect(core.totals.failed).toBe(3);
    expect(totals(root)).toEqual({ successful: '0', failed: '3', successRate: '0%' });
    expect(text(root, '[data-range]')).toBe('1 report, 2024-01-09 to 2024-01-09');
    expect(text(root, '[data-organizations]')).toBe('Example Inc. (1 report)');
    expect(root.querySelectorAll('svg.chart.rate rect').length).toBe(1);
    expect(root.querySelectorAll('svg.chart.types rect.bar.fail').length).toBe(core.byResultType.length);
    expect(rowsOf(root, 'byPolicyDomain')).toEqual([['example.com', '1', '0', '3', '0%']]);
    expect(rowsOf(root, 'bySendingSource').map((r) => [r[0], r[4]])).toEqual([
      ['209.85.222.201', '2'],
      ['209.85.208.176', '1'],
    ]);
    // The row opens its failure details: the core's groups, as cells.
    const toggle = root.querySelector<HTMLButtonElement>('[data-table="byPolicyDomain"] td.toggle button');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    toggle?.click();
    await vi.waitFor(() =>
      expect(root.querySelector('[data-table="byPolicyDomain"] tr.details')?.textContent).toContain(
        '209.85.222.201',
      ),
    );
    expect(toggle?.getAttribute('aria-expanded')).toBe('true');
    const detailRows = root.querySelectorAll('[data-table="byPolicyDomain"] tr.details tbody tr');
    expect(detailRows.length).toBe(core.byPolicyDomain[0]?.details.length);
    expect(rowsOf(root, 'failureDetails').map((r) => r[2])).toEqual(['209.85.222.201', '209.85.208.176']);
  });

  it('shows an empty report as one report with no sessions, and says tables are empty', async () => {
    const { root, open } = mount();
    const empty = JSON.stringify({
      'organization-name': 'Quiet Mail',
      'date-range': { 'start-datetime': '2024-03-01T00:00:00Z', 'end-datetime': '2024-03-01T23:59:59Z' },
      'contact-info': 'tlsrpt@quiet.example',
      'report-id': 'q1',
      policies: [],
    });
    open(fileOf('quiet.json', empty));
    await settled(root, 1);
    expect(totals(root)).toEqual({ successful: '0', failed: '0', successRate: '-' });
    expect(fileStatus(root, 'quiet.json')).toBe('read');
    expect(rowsOf(root, 'byPolicyDomain')).toEqual([]);
    expect(text(root, '[data-table="byPolicyDomain"] .empty')).toBe('No rows.');
    expect(root.querySelectorAll('svg.chart rect').length).toBe(0);
  });

  it('locates the errors of broken files and still summarises the others', async () => {
    const { root, open } = mount();
    // Broken JSON is read tolerantly around the error; text that holds no JSON object gives no report.
    const broken = '{\n  "organization-name": "Broken",\n  "policies": [,]\n}\n';
    const garbage = '\n\n  this is no report';
    const mailRu = sample('mail.ru.json');
    open(
      fileOf('broken.json', broken),
      fileOf('garbage.json', garbage),
      fileOf('mail.ru.json', mailRu),
      fileOf('nothing.json', ''),
    );
    await settled(root, 2);
    expect(fileStatus(root, 'mail.ru.json')).toBe('read');
    expect(text(root, '[data-organizations]')).toBe('Mail.ru (1 report), Broken (1 report)');
    const core = await coreSummary([['mail.ru.json', mailRu]]);
    expect(totals(root).failed).toBe(String(core.totals.failed));
    const firstError = (name: string): Element | null =>
      root.querySelector(`[data-file="${name}"] .finding.error[data-code="RPT101"]`);
    // Where the stray comma is: line 3, column 16; the error list is open without a click.
    expect(firstError('broken.json')?.querySelector('.where')?.textContent).toMatch(/^line 3, column 16/);
    expect(root.querySelector('[data-file="broken.json"] details')?.hasAttribute('open')).toBe(true);
    for (const name of ['garbage.json', 'nothing.json']) {
      expect(fileStatus(root, name)).toBe('failed');
      expect(text(root, `[data-file="${name}"] .file-state`)).toBe('no report could be read from it');
      expect(firstError(name)).not.toBeNull();
    }
    expect(firstError('garbage.json')?.querySelector('.where')?.textContent).toMatch(/^line 3, column 3/);
  });

  it('reads a .json.gz report through the browser gunzip and an .eml report email', async () => {
    const { root, open } = mount();
    const mailRu = sample('mail.ru.json');
    const eml = sample('google.com-tlsrpt.eml');
    open(fileOf('mail.ru.json.gz', gzip(mailRu)), fileOf('google.com-tlsrpt.eml', eml));
    await settled(root, 2);
    const core = await coreSummary([
      ['mail.ru.json', mailRu],
      ['google.com-tlsrpt.eml', eml],
    ]);
    expect(totals(root)).toEqual({
      successful: core.totals.successful.toLocaleString('en-US'),
      failed: String(core.totals.failed),
      successRate: `${((core.totals.successRate ?? 0) * 100).toFixed(2)}%`,
    });
    expect(text(root, '[data-file="mail.ru.json.gz"] .file-state')).toBe(
      'report · Mail.ru · 2024-02-22 to 2024-02-23',
    );
    expect(text(root, '[data-file="google.com-tlsrpt.eml"] .file-state')).toBe(
      'email · Google Inc. · 2024-09-03 to 2024-09-03',
    );
    expect(rowsOf(root, 'byOrganization').map((r) => r[0])).toEqual(
      core.byOrganization.map((r) => r.key ?? '(not given)'),
    );
  });

  it('sorts by a column (descending, ascending, back to the summary order) and filters rows', async () => {
    const { root, open } = mount();
    open(
      fileOf('validation-failure-testing.json', sample('validation-failure-testing.json')),
      fileOf('mail.ru.json', sample('mail.ru.json')),
      fileOf('google.com-tlsrpt.eml', sample('google.com-tlsrpt.eml')),
    );
    await settled(root, 3);
    const orgs = (): string[] => rowsOf(root, 'byOrganization').map((r) => r[0] ?? '');
    const summaryOrder = orgs();
    expect(summaryOrder).toEqual(['Example Inc.', 'Mail.ru', 'Google Inc.']);
    const header = (name: string): HTMLElement => {
      const th = Array.from(root.querySelectorAll<HTMLElement>('[data-table="byOrganization"] th')).find(
        (h) => h.textContent?.startsWith(name),
      );
      if (!th) {
        throw new Error(`no column ${name}`);
      }
      return th;
    };
    const sortBy = async (name: string, expected: string[]): Promise<void> => {
      header(name).querySelector('button')?.click();
      await vi.waitFor(() => expect(orgs()).toEqual(expected));
    };
    await sortBy('successful', ['Google Inc.', 'Example Inc.', 'Mail.ru']);
    expect(header('successful').getAttribute('aria-sort')).toBe('descending');
    await sortBy('successful', ['Example Inc.', 'Mail.ru', 'Google Inc.']);
    expect(header('successful').getAttribute('aria-sort')).toBe('ascending');
    await sortBy('successful', summaryOrder);
    expect(header('successful').getAttribute('aria-sort')).toBe('none');
    await sortBy('organisation', ['Example Inc.', 'Google Inc.', 'Mail.ru']);
    const filter = root.querySelector<HTMLInputElement>('[data-table="byOrganization"] input[type=search]');
    if (!filter) {
      throw new Error('no filter field');
    }
    filter.value = 'MAIL';
    filter.dispatchEvent(new Event('input', { bubbles: true }));
    await vi.waitFor(() => expect(orgs()).toEqual(['Mail.ru']));
    expect(text(root, '[data-table="byOrganization"] .count')).toBe('1 of 3 rows');
    filter.value = 'nobody';
    filter.dispatchEvent(new Event('input', { bubbles: true }));
    await vi.waitFor(() =>
      expect(text(root, '[data-table="byOrganization"] .empty')).toBe('No row matches.'),
    );
  });

  it('builds the first rows of a long table and the others on request', async () => {
    const { root, open } = mount();
    const report = {
      'organization-name': 'Many Sources',
      'date-range': { 'start-datetime': '2024-04-01T00:00:00Z', 'end-datetime': '2024-04-01T23:59:59Z' },
      'contact-info': 'tlsrpt@many.example',
      'report-id': 'm1',
      policies: [
        {
          policy: { 'policy-type': 'no-policy-found', 'policy-domain': 'many.example' },
          summary: { 'total-successful-session-count': 5, 'total-failure-session-count': 30 * 31 },
          'failure-details': Array.from({ length: 30 }, (_, i) => ({
            'result-type': 'starttls-not-supported',
            'sending-mta-ip': `192.0.2.${i + 1}`,
            'receiving-mx-hostname': 'mx.many.example',
            'failed-session-count': 31 + i,
          })),
        },
      ],
    };
    open(fileOf('many.json', JSON.stringify(report)));
    await settled(root, 1);
    const ips = (): string[] => rowsOf(root, 'bySendingSource').map((r) => r[0] ?? '');
    // Most failures first, as the core orders them: 192.0.2.30 failed 60 times.
    expect(ips()).toHaveLength(25);
    expect(ips()[0]).toBe('192.0.2.30');
    const more = root.querySelector<HTMLButtonElement>('[data-table="bySendingSource"] button.more');
    expect(more?.textContent).toBe('Show the other 5');
    more?.click();
    await vi.waitFor(() => expect(ips()).toHaveLength(30));
    expect(ips().at(-1)).toBe('192.0.2.1');
    expect(root.querySelector('[data-table="bySendingSource"] button.more')).toBeNull();
  });

  it('renders markup in report strings as text', async () => {
    const { root, open } = mount();
    const hostile = '<img src=x onerror="globalThis.pwned=1"><b>bold</b>';
    const report = JSON.parse(new TextDecoder().decode(sample('validation-failure-testing.json'))) as {
      'organization-name': string;
      policies: { 'failure-details': Record<string, unknown>[] }[];
    };
    report['organization-name'] = hostile;
    report.policies[0]!['failure-details'][0]!['receiving-mx-hostname'] = hostile;
    open(fileOf(`${hostile}.json`, JSON.stringify(report)));
    await settled(root, 1);
    expect(text(root, '[data-organizations]')).toBe(`${hostile} (1 report)`);
    expect(root.textContent).toContain(`${hostile}.json`);
    expect(root.querySelectorAll('main img, main b').length).toBe(0);
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });

  it('takes files dropped anywhere on the page', async () => {
    const { root } = mount();
    const main = root.querySelector('main');
    const drop = (type: string, files: File[] = []): void => {
      const event = new Event(type, { bubbles: true, cancelable: true });
      Object.defineProperty(event, 'dataTransfer', { value: { files } });
      main?.dispatchEvent(event);
    };
    drop('dragover');
    await vi.waitFor(() => expect(main?.classList.contains('dragging')).toBe(true));
    drop('drop', [fileOf('mail.ru.json', sample('mail.ru.json'))]);
    await settled(root, 1);
    expect(main?.classList.contains('dragging')).toBe(false);
    expect(text(root, '[data-organizations]')).toBe('Mail.ru (1 report)');
  });

  it('clears every file and the summary', async () => {
    const { root, open } = mount();
    open(fileOf('mail.ru.json', sample('mail.ru.json')));
    await settled(root, 1);
    root.querySelector<HTMLButtonElement>('button.clear')?.click();
    await vi.waitFor(() => expect(root.querySelector('[data-total]')).toBeNull());
    expect(root.querySelectorAll('[data-file]').length).toBe(0);
    open(fileOf('validation-failure-testing.json', sample('validation-failure-testing.json')));
    await settled(root, 1);
    expect(text(root, '[data-organizations]')).toBe('Example Inc. (1 report)');
  });

  it('says which files were not read when its worker fails, and reads no more', async () => {
    const { root, open, worker } = mount();
    const names = ['first.json', 'second.json.gz'];
    open(fileOf(names[0]!, sample('mail.ru.json')), fileOf(names[1]!, gzip(sample('mail.ru.json'))));
    // The worker dies before answering (a module that failed to load, an uncaught error).
    worker.fail('SyntaxError: unexpected token');
    const stopped = 'the report reader stopped (SyntaxError: unexpected token)';
    await vi.waitFor(() => expect(text(root, '[data-worker-error]')).toContain(stopped));
    expect(root.querySelector('[data-worker-error]')?.getAttribute('role')).toBe('alert');
    const states = (): [string | undefined, string][] =>
      Array.from(root.querySelectorAll<HTMLElement>('[data-file]')).map((row) => [
        row.dataset.status,
        text(row, '.file-state'),
      ]);
    expect(states()).toEqual(names.map(() => ['failed', `not read: ${stopped}`]));
    expect(root.querySelector('main')?.getAttribute('data-busy')).toBe('0');
    // What the failed worker still says changes nothing.
    await worker.idle();
    expect(states()).toEqual(names.map(() => ['failed', `not read: ${stopped}`]));
    expect(root.querySelector('[data-range]')).toBeNull();
    // A file opened afterwards is not sent to it, and says so at once.
    open(fileOf('third.json', sample('mail.ru.json')));
    await vi.waitFor(() => expect(fileStatus(root, 'third.json')).toBe('failed'));
    expect(text(root, '[data-file="third.json"] .file-state')).toBe(`not read: ${stopped}`);
  });

  it('says the worker stopped when it fails to start without a message', async () => {
    const { root, open, worker } = mount();
    worker.fail();
    open(fileOf('report.json', sample('mail.ru.json')));
    await vi.waitFor(() => expect(fileStatus(root, 'report.json')).toBe('failed'));
    expect(text(root, '[data-file="report.json"] .file-state')).toBe('not read: the report reader stopped');
    expect(text(root, '[data-worker-error]')).toBe(
      'Reports cannot be read: the report reader stopped. Reload the page to try again.',
    );
  });
});
