/**
 * The popup rendered in a simulated DOM with a fake browser behind it, on postures the core really produces:
 * progress while lookups run, each verdict, the permission the policy needs, a failing resolver, a remembered
 * policy that changed or whose record disappeared, and untrusted text kept as text.
 */
import {
  comparePostures,
  mailDomainOf,
  makeFinding,
  parseDomainName,
  verdictPresentation,
  type Verdict,
} from '@sts-inspector/shared';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckEvent, CheckRequest, CheckResult } from '../common/messages.js';
import { Popup, type PopupBackend } from './popup-view.js';
import { exampleZone, policyOf, postureOf, resultOf } from './postures.test-helpers.js';

interface FakeBackend extends PopupBackend {
  requests: Omit<CheckRequest, 'type'>[];
  /** Send an event to the latest check. */
  emit(event: CheckEvent): Promise<void>;
  cancelled: number;
}

function fakeBackend(url: string | null, grant = true): FakeBackend {
  let listener: ((event: CheckEvent) => void) | null = null;
  const backend: FakeBackend = {
    requests: [],
    cancelled: 0,
    currentTab: () => Promise.resolve({ tabId: 7, url, domain: url === null ? null : mailDomainOf(url) }),
    readDomain: (text) => Promise.resolve(parseDomainName(text)),
    check(request, onEvent) {
      backend.requests.push(request);
      listener = onEvent;
      return () => {
        backend.cancelled += 1;
      };
    },
    requestPermission: vi.fn(() => Promise.resolve(grant)),
    openViewer: vi.fn(),
    openOptions: vi.fn(),
    copy: vi.fn(() => Promise.resolve()),
    async emit(event) {
      await act(() => listener?.(event));
    },
  };
  return backend;
}

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('main');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

async function open(backend: PopupBackend): Promise<void> {
  await act(async () => {
    render(<Popup backend={backend} />, root);
    await Promise.resolve();
  });
}

const text = (selector: string): string => root.querySelector(selector)?.textContent ?? '';
const verdictShown = (): string | null =>
  root.querySelector('[data-verdict]')?.getAttribute('data-verdict') ?? null;
const codes = (): string[] =>
  [...root.querySelectorAll('[data-code]')].map((el) => el.getAttribute('data-code')!);

async function click(selector: string): Promise<void> {
  const element = root.querySelector<HTMLElement>(selector);
  if (element === null) {
    throw new Error(`no ${selector}`);
  }
  await act(async () => {
    element.click();
    await Promise.resolve();
  });
}

describe('the popup', () => {
  it('checks the tab’s mail domain and shows each lookup while it runs', async () => {
    const backend = fakeBackend('https://www.shop.example.com/cart');
    await open(backend);
    expect(backend.requests).toEqual([{ domain: 'example.com', tabId: 7, fresh: false }]);
    expect(verdictShown()).toBe('checking');
    expect(text('.progress')).toContain('Starting');
    await backend.emit({
      type: 'progress',
      lookups: [
        { label: 'TXT _mta-sts.example.com', state: 'done', startMs: 0 },
        { label: 'GET https://mta-sts.example.com/.well-known/mta-sts.txt', state: 'running', startMs: 0 },
      ],
    });
    expect(text('.progress')).toContain('done TXT _mta-sts.example.com');
    expect(text('.progress')).toContain('waiting GET https://mta-sts.example.com/.well-known/mta-sts.txt');
  });

  it('looks nothing up for a browser page, a file, an IP address or localhost', async () => {
    for (const url of [
      'chrome://extensions/',
      'file:///tmp/a.html',
      'https://192.0.2.1/',
      'http://localhost:8080/',
    ]) {
      const backend = fakeBackend(url);
      await open(backend);
      expect(verdictShown(), url).toBe('neutral');
      expect(backend.requests, url).toEqual([]);
      render(null, root);
    }
  });

  const cases: { verdict: Verdict; make: () => Promise<CheckResult>; code?: string }[] = [
    {
      verdict: 'enforced',
      make: async () => resultOf(await postureOf(exampleZone(), policyOf('enforce'))),
    },
    {
      verdict: 'testing',
      make: async () => resultOf(await postureOf(exampleZone(), policyOf('testing'))),
      code: 'STS226',
    },
    {
      verdict: 'none',
      make: async () => resultOf(await postureOf(exampleZone(), policyOf('none'))),
    },
    {
      verdict: 'broken',
      make: async () =>
        resultOf(
          await postureOf(exampleZone(), {
            kind: 'response',
            status: 404,
            contentType: 'text/html',
            location: null,
            body: 'not found',
            validUtf8: true,
            bytes: 9,
            truncated: false,
            elapsedMs: 1,
          }),
        ),
      code: 'STS107',
    },
    {
      verdict: 'absent',
      make: async () => {
        const zone = exampleZone();
        delete zone['_mta-sts.example.com'];
        return resultOf(await postureOf(zone, policyOf('enforce')));
      },
      code: 'STS001',
    },
    {
      verdict: 'unknown',
      make: async () =>
        resultOf(await postureOf(exampleZone(), policyOf('enforce'), { message: 'The resolver is down.' })),
      code: 'STS002',
    },
  ];
  for (const { verdict, make, code } of cases) {
    it(`shows the ${verdict} verdict in words with its sections and findings`, async () => {
      const backend = fakeBackend('https://example.com/');
      await open(backend);
      const result = await make();
      expect(result.posture.verdict).toBe(verdict);
      await backend.emit({ type: 'result', result });
      expect(verdictShown()).toBe(verdict);
      // The core's words for the verdict, the same the CLI prints.
      expect(text('.verdict .title')).toBe(verdictPresentation[verdict].label);
      expect(text('.verdict .detail')).toBe(verdictPresentation[verdict].words);
      expect(text('h1')).toBe('example.com');
      for (const section of ['#record', '#policy', '#mx', '#tls-rpt']) {
        expect(root.querySelector(section), section).not.toBeNull();
      }
      if (code !== undefined) {
        expect(codes()).toContain(code);
        // Each finding carries its explanation and the RFC section it comes from.
        const item = root.querySelector(`[data-code=${code}]`)!;
        expect(item.querySelector('.explanation')?.textContent).not.toBe('');
        expect(item.querySelector('a.rfc')?.getAttribute('href')).toMatch(
          /^https:\/\/www\.rfc-editor\.org\/rfc\/rfc\d+/,
        );
      }
    });
  }

  it('shows the policy in human units and each MX host with its coverage', async () => {
    const backend = fakeBackend('https://example.com/');
    await open(backend);
    await backend.emit({
      type: 'result',
      result: resultOf(await postureOf(exampleZone(), policyOf('enforce'))),
    });
    expect(text('#policy dl')).toContain('604800 s (1 week)');
    expect(text('#policy dl')).toContain('mail.example.com');
    expect(text('#mx tr[data-host="mail.example.com"] .covered')).toContain('yes');
    expect(text('#tls-rpt .rua')).toContain('mailto:tlsrpt@example.com');
  });

  it('says the policy needs a permission, asks for that origin at the click, and checks again when granted', async () => {
    const backend = fakeBackend('https://example.com/');
    await open(backend);
    const posture = await postureOf(exampleZone(), {
      kind: 'not-permitted',
      origin: 'https://mta-sts.example.com',
      elapsedMs: 0,
    });
    await backend.emit({ type: 'result', result: resultOf(posture) });
    expect(verdictShown()).toBe('unknown');
    expect(text('.verdict .detail')).toContain('needs your permission');
    expect(text('#policy .permission')).toContain('https://mta-sts.example.com');
    // What DNS tells is there meanwhile.
    expect(text('#record')).toContain('v=STSv1; id=20240101T000000;');
    expect(text('#mx')).toContain('mail.example.com');
    await click('#allow-policy');
    expect(backend.requestPermission).toHaveBeenCalledWith(['https://mta-sts.example.com/*']);
    expect(backend.requests.at(-1)).toEqual({ domain: 'example.com', tabId: 7, fresh: true });
  });

  it('says so when the permission is denied, and checks nothing more', async () => {
    const backend = fakeBackend('https://example.com/', false);
    await open(backend);
    const posture = await postureOf(exampleZone(), { kind: 'not-permitted', origin: 'x', elapsedMs: 0 });
    await backend.emit({ type: 'result', result: resultOf(posture) });
    await click('#allow-all');
    expect(backend.requestPermission).toHaveBeenCalledWith(['https://*/*']);
    expect(text('.note')).toContain('Permission not granted');
    expect(backend.requests).toHaveLength(1);
  });

  it('shows a resolver failure with its cause', async () => {
    const backend = fakeBackend('https://example.com/');
    await open(backend);
    const posture = await postureOf(exampleZone(), policyOf('enforce'), {
      message:
        "The resolver's host name dns.example does not resolve; choose another resolver in the options.",
    });
    await backend.emit({ type: 'result', result: resultOf(posture) });
    expect(verdictShown()).toBe('unknown');
    expect(root.textContent).toContain('does not resolve; choose another resolver in the options');
  });

  it('shows a check that failed outright', async () => {
    const backend = fakeBackend('https://example.com/');
    await open(backend);
    await backend.emit({ type: 'error', message: 'Invalid DoH endpoint' });
    expect(verdictShown()).toBe('failed');
    expect(text('.verdict .detail')).toBe('Invalid DoH endpoint');
  });

  it('warns first when the policy changed but its id did not (remembered policy)', async () => {
    const backend = fakeBackend('https://example.com/');
    await open(backend);
    const posture = await postureOf(exampleZone(), policyOf('enforce'));
    const sts117 = makeFinding('STS117', {
      data: { date: '2026-11-01T00:00:00.000Z', id: '20240101T000000' },
    });
    await backend.emit({ type: 'result', result: resultOf(posture, { history: [sts117] }) });
    const history = root.querySelector('#history')!;
    expect(history).not.toBeNull();
    // It comes before every other section.
    expect(root.querySelector('section')).toBe(history);
    expect(history.textContent).toContain('STS117');
    expect(history.textContent).toContain('20240101T000000');
  });

  it('warns that senders may keep a cached policy when the record disappeared (STS118)', async () => {
    const backend = fakeBackend('https://example.com/');
    await open(backend);
    const before = await postureOf(exampleZone(), policyOf('enforce'));
    const zone = exampleZone();
    delete zone['_mta-sts.example.com'];
    const after = await postureOf(zone, policyOf('enforce'));
    expect(after.verdict).toBe('absent');
    // The judgement is the core's, over the two postures, as the background makes it.
    await backend.emit({
      type: 'result',
      result: resultOf(after, { history: comparePostures(before, after) }),
    });
    expect(verdictShown()).toBe('absent');
    const history = root.querySelector('#history')!;
    expect(root.querySelector('section')).toBe(history);
    expect(history.textContent).toContain('STS118');
    expect(history.textContent).toContain('enforce');
  });

  it('renders DNS and policy text as text, never as HTML', async () => {
    const backend = fakeBackend('https://example.com/');
    await open(backend);
    const hostile = 'v=STSv1; id=<img src=x onerror="alert(1)">;';
    const posture = await postureOf(exampleZone(hostile), policyOf('enforce', '<b>mx</b>.example.com'));
    await backend.emit({ type: 'result', result: resultOf(posture) });
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('#policy b')).toBeNull();
    expect(text('#record pre')).toBe(hostile);
  });

  it('checks a typed domain, re-checks with fresh answers, and cancels the check when closed', async () => {
    const backend = fakeBackend('https://example.com/');
    await open(backend);
    const input = root.querySelector<HTMLInputElement>('#domain')!;
    await act(() => {
      input.value = ' Other.Example. ';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click('#check-other');
    expect(backend.requests.at(-1)).toEqual({ domain: 'other.example', tabId: null, fresh: false });
    // The first check was cancelled when the second started.
    expect(backend.cancelled).toBe(1);
    await click('#recheck');
    expect(backend.requests.at(-1)).toEqual({ domain: 'other.example', tabId: null, fresh: true });
    render(null, root);
    expect(backend.cancelled).toBe(3);
  });

  it('refuses a typed text that is not a domain name, and says why', async () => {
    const backend = fakeBackend('https://example.com/');
    await open(backend);
    const input = root.querySelector<HTMLInputElement>('#domain')!;
    for (const typed of ['https://example.com/path', 'user@example.com', '192.0.2.1']) {
      await act(() => {
        input.value = typed;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await click('#check-other');
      expect(text('.note'), typed).toContain('Not checked: not a domain name');
    }
    expect(backend.requests).toHaveLength(1);
  });

  it('copies the result as text and as JSON', async () => {
    const backend = fakeBackend('https://example.com/');
    await open(backend);
    const result = resultOf(await postureOf(exampleZone(), policyOf('testing')));
    await backend.emit({ type: 'result', result });
    await click('#copy-json');
    expect(JSON.parse(vi.mocked(backend.copy).mock.calls[0]![0])).toEqual(result.posture);
    await click('#copy-text');
    const copied = vi.mocked(backend.copy).mock.calls[1]![0];
    expect(copied).toMatch(/^example\.com: testing\n/);
    expect(copied).toContain('STS226');
    expect(text('.note')).toBe('Copied as text.');
  });
});
