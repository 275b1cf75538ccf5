/**
 * The popup: the mail domain of the tab (or one typed in), its verdict in words, and sections a person can scan.
 * Every string from DNS, a policy or the network is rendered as a text node, never as HTML.
 */
import {
  describeMaxAge,
  explainCode,
  type DomainNameRead,
  postureFindingPart,
  verdictPresentation,
  type Finding,
  type Posture,
  type PostureFinding,
  type PosturePart,
  type Severity,
} from '@sts-inspector/shared';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CheckEvent, CheckRequest, CheckResult, LookupProgress } from '../common/messages.js';
import { allSitesPermission, policyPermission } from '../common/settings.js';
import { postureAsText } from './as-text.js';

/** What the popup needs from the browser (the real one in popup.tsx, a fake in tests). */
export interface PopupBackend {
  /**
   * The tab the popup was opened over: its id, address and mail domain (the core's `mailDomainOf`, asked of the
   * background so the popup does not carry the Public Suffix List); null where the browser does not say or there
   * is none.
   */
  currentTab(): Promise<{ tabId: number | null; url: string | null; domain: string | null }>;
  /** A typed domain name read by the core's `parseDomainName` (in the background, for the same reason). */
  readDomain(text: string): Promise<DomainNameRead>;
  /** Start a check; events arrive until the result or an error. Returns a function that cancels it. */
  check(request: Omit<CheckRequest, 'type'>, onEvent: (event: CheckEvent) => void): () => void;
  /** Ask for host permissions (must run in the click's handler). */
  requestPermission(origins: string[]): Promise<boolean>;
  openViewer(): void;
  openOptions(): void;
  copy(text: string): Promise<void>;
}

type State =
  | { kind: 'starting' }
  | { kind: 'no-domain'; url: string | null }
  | { kind: 'checking'; domain: string; lookups: LookupProgress[] }
  | { kind: 'done'; result: CheckResult }
  | { kind: 'failed'; domain: string; message: string };

/** Sections of the popup; each finding goes under the part of the posture it is about. */
type Section = PosturePart | 'history';
const sectionTitles: Record<Section, string> = {
  record: 'MTA-STS record',
  policy: 'Policy',
  mx: 'MX hosts',
  dane: 'DANE',
  'tls-rpt': 'TLS-RPT',
  history: 'Changes since last time',
  dns: 'Resolver',
};
const severityOrder: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

function sectionOf(finding: Finding | PostureFinding): PosturePart {
  return 'part' in finding ? finding.part : postureFindingPart(finding.code);
}

/** Text with `backticked` literals shown as code, as text nodes. */
function Ticks({ text }: { text: string }) {
  const parts = text.split('`');
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

function FindingItem({ finding }: { finding: Finding }) {
  const explained = explainCode(finding.code);
  const rfc = finding.rfc ?? explained?.rfc ?? null;
  return (
    <li class={`finding ${finding.severity}`} data-code={finding.code}>
      <span class="severity">{finding.severity}</span> <span class="code">{finding.code}</span>{' '}
      <Ticks text={finding.message} />
      {explained && (
        <div class="explanation">
          <Ticks text={explained.explanation} />
        </div>
      )}
      {rfc && (
        <a class="rfc" href={rfc.url} target="_blank" rel="noreferrer">
          {rfc.section === null ? `RFC ${rfc.rfc}` : `RFC ${rfc.rfc} §${rfc.section}`}
        </a>
      )}
    </li>
  );
}

function Findings({ findings, section }: { findings: Finding[]; section: PosturePart | null }) {
  const here = findings
    .filter((f) => section === null || sectionOf(f) === section)
    .sort((a, b) => severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity));
  if (here.length === 0) {
    return null;
  }
  return (
    <ul class="findings">
      {here.map((finding, i) => (
        <FindingItem key={i} finding={finding} />
      ))}
    </ul>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

const yesNo = (value: boolean | null): string => (value === null ? '—' : value ? 'yes' : 'no');

const daneWords: Record<Posture['mx']['hosts'][number]['dane'], string> = {
  dane: 'DANE (validated TLSA)',
  'dane-unusable': 'TLSA present but unusable',
  'not-validated': 'TLSA not DNSSEC-validated',
  none: 'no TLSA',
  bogus: 'DNSSEC bogus',
  unknown: 'unknown',
};

function RecordSection({ posture, findings }: { posture: Posture; findings: Finding[] }) {
  const { mtaSts } = posture;
  return (
    <Section id="record" title={`${sectionTitles.record} (${mtaSts.name})`}>
      <p>
        State: <strong>{mtaSts.state}</strong>
        {mtaSts.selected?.parsed?.value?.id !== undefined && (
          <>
            {' '}
            · id <code>{mtaSts.selected.parsed.value.id}</code>
          </>
        )}
      </p>
      {mtaSts.records.map((record, i) => (
        <pre key={i} class="record">
          {record.text}
        </pre>
      ))}
      <Findings findings={findings} section="record" />
    </Section>
  );
}

function PolicySection({
  result,
  findings,
  onAllow,
}: {
  result: CheckResult;
  findings: Finding[];
  onAllow: (origins: string[]) => void;
}) {
  const { policy } = result.posture;
  const value = policy.parsed?.value;
  return (
    <Section id="policy" title={sectionTitles.policy}>
      <p class="url">{policy.url}</p>
      {!result.policyPermitted ? (
        <div class="permission" role="alert">
          <p>
            Fetching the policy needs your permission for <code>{result.policyOrigin}</code>. Everything DNS
            tells is shown meanwhile.
          </p>
          <button
            type="button"
            id="allow-policy"
            onClick={() => onAllow([policyPermission(result.posture.domain)])}
          >
            Allow {result.policyOrigin.replace(/^https:\/\//, '')}
          </button>{' '}
          <button type="button" id="allow-all" onClick={() => onAllow([allSitesPermission])}>
            Allow for all sites
          </button>
        </div>
      ) : (
        <p>
          {policy.outcome === 'response'
            ? `HTTP ${policy.status === 0 ? 'redirect' : String(policy.status)}${policy.contentType ? ` · ${policy.contentType}` : ''}`
            : `Fetch failed: ${policy.outcome}`}
        </p>
      )}
      {value && (
        <dl class="policy">
          <dt>mode</dt>
          <dd>{value.mode ?? '—'}</dd>
          <dt>max_age</dt>
          <dd>{value.maxAge === null ? '—' : `${value.maxAge} s (${describeMaxAge(value.maxAge)})`}</dd>
          <dt>mx</dt>
          <dd>
            {value.mx.length === 0
              ? '—'
              : value.mx.map((entry, i) => (
                  <code key={i} class="mx-pattern">
                    {entry.pattern}
                  </code>
                ))}
          </dd>
        </dl>
      )}
      <Findings findings={findings} section="policy" />
    </Section>
  );
}

function MxSection({ posture, findings }: { posture: Posture; findings: Finding[] }) {
  const { mx } = posture;
  return (
    <Section id="mx" title={sectionTitles.mx}>
      {mx.nullMx && <p>Null MX: the domain accepts no mail.</p>}
      {mx.implicit && <p>No MX records: mail goes to the domain itself.</p>}
      {mx.hosts.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">host</th>
              <th scope="col">pref.</th>
              <th scope="col">covered by policy</th>
              <th scope="col">DANE</th>
            </tr>
          </thead>
          <tbody>
            {mx.hosts.map((host) => (
              <tr key={host.name} data-host={host.name}>
                <td>
                  <code>{host.name}</code>
                </td>
                <td>{host.preference}</td>
                <td class="covered">
                  {yesNo(host.covered)}
                  {host.matchedPattern !== null && (
                    <>
                      {' '}
                      (<code>{host.matchedPattern}</code>)
                    </>
                  )}
                </td>
                <td class="dane">{daneWords[host.dane]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Findings findings={findings} section="mx" />
      <Findings findings={findings} section="dane" />
    </Section>
  );
}

function TlsRptSection({ posture, findings }: { posture: Posture; findings: Finding[] }) {
  const { tlsRpt } = posture;
  const rua = tlsRpt.selected?.parsed?.value?.rua ?? [];
  return (
    <Section id="tls-rpt" title={`${sectionTitles['tls-rpt']} (${tlsRpt.name})`}>
      <p>
        State: <strong>{tlsRpt.state}</strong>
      </p>
      {tlsRpt.records.map((record, i) => (
        <pre key={i} class="record">
          {record.text}
        </pre>
      ))}
      {rua.length > 0 && (
        <ul class="rua">
          {rua.map((destination, i) => (
            <li key={i}>
              <code>{destination.uri}</code>
            </li>
          ))}
        </ul>
      )}
      <Findings findings={findings} section="tls-rpt" />
    </Section>
  );
}

function Progress({ lookups }: { lookups: LookupProgress[] }) {
  return (
    <ul class="progress" aria-live="polite">
      {lookups.length === 0 && <li>Starting…</li>}
      {lookups.map((lookup, i) => (
        <li key={i} class={lookup.state}>
          <span class="state">{lookup.state === 'done' ? 'done' : 'waiting'}</span> {lookup.label}
        </li>
      ))}
    </ul>
  );
}

function Result({
  result,
  onAllow,
  onCopy,
}: {
  result: CheckResult;
  onAllow: (origins: string[]) => void;
  onCopy: (as: 'text' | 'json') => void;
}) {
  const { posture } = result;
  const words = verdictPresentation[posture.verdict];
  const findings: Finding[] = posture.findings;
  return (
    <>
      <header class={`verdict ${posture.verdict}`} data-verdict={posture.verdict}>
        <h1>{posture.domain}</h1>
        <p class="title">{words.label}</p>
        <p class="detail">
          {result.policyPermitted || posture.verdict !== 'unknown'
            ? words.words
            : 'The policy has not been fetched yet: it needs your permission.'}
        </p>
        <p class="meta">
          Checked {new Date(posture.checkedAt).toLocaleString()} via {result.resolver}
          {result.fromCache ? ' (cached within the DNS TTLs)' : ''}
        </p>
      </header>
      {result.history.length > 0 && (
        <Section id="history" title={sectionTitles.history}>
          <Findings findings={result.history} section={null} />
        </Section>
      )}
      <RecordSection posture={posture} findings={findings} />
      <PolicySection result={result} findings={findings} onAllow={onAllow} />
      <MxSection posture={posture} findings={findings} />
      <TlsRptSection posture={posture} findings={findings} />
      {findings.some((f) => sectionOf(f) === 'dns') && (
        <Section id="dns" title={sectionTitles.dns}>
          <Findings findings={findings} section="dns" />
        </Section>
      )}
      <p class="actions">
        <button type="button" id="copy-text" onClick={() => onCopy('text')}>
          Copy as text
        </button>{' '}
        <button type="button" id="copy-json" onClick={() => onCopy('json')}>
          Copy as JSON
        </button>
      </p>
    </>
  );
}

export function Popup({ backend }: { backend: PopupBackend }) {
  const [state, setState] = useState<State>({ kind: 'starting' });
  const [tab, setTab] = useState<{ id: number | null; domain: string | null }>({ id: null, domain: null });
  const [typed, setTyped] = useState('');
  const [note, setNote] = useState('');
  const cancel = useRef<(() => void) | null>(null);

  const start = (domain: string, forTab: number | null, fresh: boolean): void => {
    cancel.current?.();
    setNote('');
    setState({ kind: 'checking', domain, lookups: [] });
    cancel.current = backend.check({ domain, tabId: forTab, fresh }, (event) => {
      switch (event.type) {
        case 'progress':
          setState({ kind: 'checking', domain, lookups: event.lookups });
          break;
        case 'result':
          setState({ kind: 'done', result: event.result });
          break;
        case 'error':
          setState({ kind: 'failed', domain, message: event.message });
          break;
      }
    });
  };

  useEffect(() => {
    let live = true;
    void backend.currentTab().then(({ tabId: id, url, domain }) => {
      if (!live) {
        return;
      }
      setTab({ id, domain });
      if (domain === null) {
        setState({ kind: 'no-domain', url });
      } else {
        start(domain, id, false);
      }
    });
    return () => {
      live = false;
      cancel.current?.();
    };
    // Runs once, when the popup opens.
  }, []);

  const current =
    state.kind === 'done' ? state.result.posture.domain : state.kind === 'checking' ? state.domain : null;
  // The tab's badge follows only a check of the tab's own domain.
  const tabFor = (domain: string): number | null => (domain === tab.domain ? tab.id : null);

  const onAllow = (origins: string[]): void => {
    // permissions.request must be called in the click's own task.
    void backend.requestPermission(origins).then((granted) => {
      if (granted && current !== null) {
        start(current, tabFor(current), true);
      } else if (!granted) {
        setNote('Permission not granted: the policy was not fetched.');
      }
    });
  };

  const onCopy = (as: 'text' | 'json'): void => {
    if (state.kind !== 'done') {
      return;
    }
    const text = as === 'json' ? JSON.stringify(state.result.posture, null, 2) : postureAsText(state.result);
    void backend.copy(text).then(
      () => setNote(as === 'json' ? 'Copied as JSON.' : 'Copied as text.'),
      () => setNote('Could not copy.'),
    );
  };

  const onSubmit = (event: Event): void => {
    event.preventDefault();
    if (typed.trim() === '') {
      return;
    }
    void backend.readDomain(typed).then((read) => {
      if (read.ok) {
        start(read.domain, tabFor(read.domain), false);
      } else {
        setNote(`Not checked: ${read.message}`);
      }
    });
  };

  return (
    <div class="popup">
      {state.kind === 'starting' && <p class="status">Opening…</p>}
      {state.kind === 'no-domain' && (
        <header class="verdict neutral" data-verdict="neutral">
          <h1>No mail domain</h1>
          <p class="detail">
            This page is not on a public domain (a browser page, a file, an IP address or localhost): nothing
            was looked up.
          </p>
        </header>
      )}
      {state.kind === 'checking' && (
        <>
          <header class="verdict checking" data-verdict="checking">
            <h1>{state.domain}</h1>
            <p class="title">Checking…</p>
          </header>
          <Progress lookups={state.lookups} />
        </>
      )}
      {state.kind === 'failed' && (
        <header class="verdict failed" data-verdict="failed" role="alert">
          <h1>{state.domain}</h1>
          <p class="title">The check failed</p>
          <p class="detail">{state.message}</p>
        </header>
      )}
      {state.kind === 'done' && <Result result={state.result} onAllow={onAllow} onCopy={onCopy} />}
      {note !== '' && (
        <p class="note" role="status">
          {note}
        </p>
      )}
      <form class="other" onSubmit={onSubmit}>
        <label for="domain">Check another domain</label>
        <input
          id="domain"
          name="domain"
          type="text"
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          placeholder="example.com"
          value={typed}
          onInput={(event) => setTyped((event.target as HTMLInputElement).value)}
        />
        <button type="submit" id="check-other">
          Check
        </button>
      </form>
      <nav class="links">
        {current !== null && (
          <button type="button" id="recheck" onClick={() => start(current, tabFor(current), true)}>
            Re-check
          </button>
        )}{' '}
        <button type="button" id="open-viewer" onClick={() => backend.openViewer()}>
          Report viewer
        </button>{' '}
        <button type="button" id="open-options" onClick={() => backend.openOptions()}>
          Options
        </button>
      </nav>
    </div>
  );
}
