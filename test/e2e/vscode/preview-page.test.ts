/**
 * The preview page in Chromium, under its real Content-Security-Policy, fed what the extension sends it: a summary
 * made by the core from a report whose strings are HTML, and Markdown holding HTML. Every such string must show as
 * its own characters, no element or script from it may appear, and both pictures must be drawn.
 * Needs /usr/bin/chromium; skipped with one line without it, except under CI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseReport, summarizeReports } from '@sts-inspector/shared';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewPage } from '../../../lsp/src/client/preview-page.js';

const chromiumPath = '/usr/bin/chromium';
const dist = fileURLToPath(new URL('../../../lsp/dist/', import.meta.url));
const origin = 'https://preview.test';
if (!existsSync(chromiumPath) && process.env.CI !== 'true') {
  console.warn(`preview page test skipped: no ${chromiumPath} (apt-get install chromium)`);
}

const hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
const report = {
  'organization-name': `Evil ${hostile}`,
  'date-range': { 'start-datetime': '2024-06-01T00:00:00Z', 'end-datetime': '2024-06-01T23:59:59Z' },
  'contact-info': 'tls@evil.example',
  'report-id': 'r1',
  policies: [
    {
      policy: { 'policy-type': 'no-policy-found', 'policy-domain': 'example.com' },
      summary: { 'total-successful-session-count': 90, 'total-failure-session-count': 10 },
      'failure-details': [
        {
          'result-type': 'starttls-not-supported',
          'receiving-mx-hostname': hostile,
          'failed-session-count': 7,
        },
        { 'result-type': 'certificate-expired', 'failed-session-count': 3 },
      ],
    },
  ],
};

describe.skipIf(!existsSync(chromiumPath) && process.env.CI !== 'true')('the preview page', () => {
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    });
    page = await browser.newPage();
    const files: Record<string, [string, string]> = {
      '/': [
        'text/html',
        previewPage({
          cspSource: origin,
          scriptUri: `${origin}/preview.js`,
          styleUri: `${origin}/preview-style.css`,
          nonce: 'n0nce',
        }),
      ],
      '/preview.js': ['text/javascript', readFileSync(`${dist}preview.js`, 'utf8')],
      '/preview-style.css': ['text/css', readFileSync(`${dist}preview-style.css`, 'utf8')],
    };
    await page.route(`${origin}/**`, (route) => {
      const file = files[new URL(route.request().url()).pathname];
      return file === undefined
        ? route.fulfill({ status: 404 })
        : route.fulfill({ contentType: file[0], body: file[1] });
    });
    // What VS Code gives a webview: a way to message the extension (here: kept in a list).
    await page.addInitScript(() => {
      const sent: unknown[] = [];
      Object.assign(window, {
        sent,
        acquireVsCodeApi: () => ({ postMessage: (m: unknown) => sent.push(m) }),
      });
    });
    await page.goto(`${origin}/`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  const send = (message: unknown): Promise<void> =>
    page.evaluate((m) => window.postMessage(m, '*'), message as Record<string, unknown>);

  it('asks for the preview once its script runs', async () => {
    expect(await page.evaluate(() => (window as unknown as { sent: unknown[] }).sent)).toEqual([
      { type: 'ready' },
    ]);
  });

  it('shows a summary with HTML in its strings as text, with tables and both pictures', async () => {
    const parsed = parseReport(JSON.stringify(report));
    const summary = summarizeReports([{ report: parsed.value! }]);
    await send({
      type: 'preview',
      title: 'evil.json',
      result: { uri: 'file:///evil.json', version: 1, markdown: 'x', summary },
    });
    await page.locator('#root[data-state="preview"]').waitFor();
    expect(await page.locator('[data-total="successful"]').innerText()).toBe('90');
    expect(await page.locator('[data-total="failed"]').innerText()).toBe('10');
    expect(await page.locator('#root svg.chart').count()).toBe(2);
    expect(await page.locator('svg.chart.types rect.bar').count()).toBe(2);
    const text = await page.locator('#root').innerText();
    expect(text).toContain(`Evil ${hostile}`);
    expect(text).toContain(hostile);
    expect(await page.locator('#root img, #root script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  it('lays out Markdown as text: tables, headings, escapes, and no HTML from it', async () => {
    const markdown = [
      '## TLS report: 1 report',
      '',
      `**Sessions:** 90 successful, 10 failed; raw ${hostile}`,
      '',
      '| result-type | failed |',
      '| --- | ---: |',
      '| starttls\\-not\\-supported \\| \\<b\\> | 7 |',
    ].join('\n');
    await send({
      type: 'preview',
      title: 'md.json',
      result: { uri: 'file:///md.json', version: 2, markdown },
    });
    await page.locator('#root h3').waitFor();
    expect(await page.locator('#root h3').innerText()).toBe('TLS report: 1 report');
    expect(await page.locator('#root strong').innerText()).toBe('Sessions:');
    expect(await page.locator('#root td').allInnerTexts()).toEqual(['starttls-not-supported | <b>', '7']);
    expect(await page.locator('#root p').first().innerText()).toContain(hostile);
    expect(await page.locator('#root img, #root script, #root b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  it('shows that a document is no report', async () => {
    await send({
      type: 'preview',
      title: 'a.json',
      result: { uri: 'file:///a.json', version: 3, markdown: '' },
    });
    await page.locator('#root p.note').waitFor();
    expect(await page.locator('#root').innerText()).toContain('as no TLS report');
  });
});
