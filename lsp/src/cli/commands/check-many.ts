/**
 * `sts-inspector check --from-file FILE` (or `-` for standard input): a list of domains, one a line, checked a
 * bounded number at a time. The list is read as the checks go, never whole: a line is read only when a check can
 * start, and each result is written as its check ends (one NDJSON line with `--format json`, one text line
 * otherwise) and then let go, so memory does not grow with the list. A summary ends the output; progress goes to
 * stderr when it is a terminal. Exit codes as for domains named as arguments: the worst of the domains', 2 for a
 * line that is not a domain or a resolver that answered nothing.
 */
import { setMaxListeners } from 'node:events';
import { abortError, resolverAnswered, type Posture, type Verdict } from '@sts-inspector/shared';
import { EXIT_USAGE, exitCodeForCheck, type FailPolicy } from '../exit-code.js';
import { describeError, type CliIo } from '../io.js';
import { countLine, maxShownLineChars, safeText } from '../output/findings-text.js';
import { SCHEMA_VERSION, toJsonFinding } from '../output/json.js';
import { sinkOf } from '../output/sink.js';
import { createStyle, wantsColour, type Style } from '../output/style.js';

/** Options of `runCheckMany`. */
export interface CheckManyArgs {
  /** What the list is called in messages: the file name, or `standard input`. */
  source: string;
  /** The list's bytes (or text), as they come. */
  input: AsyncIterable<Uint8Array | string>;
  /** Checks running at once. */
  concurrency: number;
  format: 'text' | 'json';
  /** The DoH endpoint, for the summary and the message when it answers nothing. */
  resolver: string;
  fail: FailPolicy;
  /** A domain argument → its A-label form, or throws with the reason (a usage error). */
  toDomain: (input: string) => string;
  /** Check one domain; rejects only with an AbortError when the signal fires. */
  check: (domain: string, signal: AbortSignal) => Promise<Posture>;
}

/** A line of the list: a domain's text, or why it cannot be one. */
export type ListLine = { line: number; text: string } | { line: number; error: string };

/** The longest line read as a domain (a name is at most 253 characters; the rest is room for a comment). */
export const maxListLineChars = 1024;

/**
 * The domains of a list, one a line: text after `#` is a comment, blank lines are skipped, lines end in LF or
 * CRLF. Read as it is consumed; a line longer than `maxLineChars` is reported, not held.
 */
export async function* listLines(
  input: AsyncIterable<Uint8Array | string>,
  maxLineChars = maxListLineChars,
): AsyncGenerator<ListLine> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  let partial = '';
  let overlong = false;
  let line = 0;
  const finish = (text: string): ListLine | undefined => {
    line++;
    if (overlong) {
      overlong = false;
      return { line, error: `the line is longer than ${maxLineChars} characters` };
    }
    const hash = text.indexOf('#');
    const domain = (hash === -1 ? text : text.slice(0, hash)).trim();
    return domain === '' ? undefined : { line, text: domain };
  };
  for await (const chunk of input) {
    partial += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = partial.indexOf('\n');
    while (newline !== -1) {
      const item = finish(partial.slice(0, newline));
      partial = partial.slice(newline + 1);
      if (item !== undefined) {
        yield item;
      }
      newline = partial.indexOf('\n');
    }
    if (partial.length > maxLineChars) {
      overlong = true;
      partial = '';
    }
  }
  partial += decoder.decode();
  if (partial !== '' || overlong) {
    const item = finish(partial);
    if (item !== undefined) {
      yield item;
    }
  }
}

/** Counts for the summary. */
interface Tally {
  checked: number;
  verdicts: Record<Verdict, number>;
  invalid: number;
}

/** Run the checks of a list; resolves with the exit code. */
export async function runCheckMany(args: CheckManyArgs, io: CliIo, signal: AbortSignal): Promise<number> {
  const started = performance.now();
  const out = sinkOf(io.stdout);
  const style = createStyle(wantsColour(io.stdout, io.env));
  const tally: Tally = {
    checked: 0,
    verdicts: { enforced: 0, testing: 0, none: 0, broken: 0, absent: 0, unknown: 0 },
    invalid: 0,
  };
  const progress = io.stderr.isTTY === true;
  let code = 0;
  // Ours to stop the checks still running when the resolver turns out to answer nothing.
  const stop = new AbortController();
  // Every lookup of every running check listens on it (and removes its listener when done).
  setMaxListeners(0, stop.signal);
  const onAbort = (): void => stop.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let answeredOnce = false;
  let silentResolver: Posture | undefined;
  let running = 0;
  let wake: (() => void) | undefined;
  const tasks = new Set<Promise<void>>();

  const showProgress = (): void => {
    if (progress) {
      io.stderr.write(`\r\x1b[Kchecked ${tally.checked}, ${running} running`);
    }
  };
  const clearProgress = (): void => {
    if (progress) {
      io.stderr.write('\r\x1b[K');
    }
  };
  /** Writes in the order they are asked for, one at a time, each waiting for a slow reader. */
  let writing = Promise.resolve();
  const write = (text: string): Promise<void> => {
    writing = writing.then(() => {
      clearProgress();
      return out.write(text);
    });
    return writing;
  };

  const badLine = async (line: number, error: string): Promise<void> => {
    tally.invalid++;
    code = Math.max(code, EXIT_USAGE);
    const where = `${args.source}:${line}`;
    io.stderr.write(
      `${progress ? '\r\x1b[K' : ''}sts-inspector: ${safeText(where, maxShownLineChars)}: ${safeText(error, maxShownLineChars)}\n`,
    );
    if (args.format === 'json') {
      await write(`${JSON.stringify({ type: 'error', line, error })}\n`);
    }
  };

  const checkOne = async (domain: string): Promise<void> => {
    let posture: Posture;
    try {
      posture = await args.check(domain, stop.signal);
    } catch (error) {
      if (stop.signal.aborted) {
        return;
      }
      throw error;
    }
    if (resolverAnswered(posture)) {
      answeredOnce = true;
    } else if (!answeredOnce && silentResolver === undefined) {
      // A resolver that has answered nothing is given up on: each further domain would cost every lookup's timeout
      // and say nothing about the domain.
      silentResolver = posture;
      stop.abort(new DOMException('The resolver gave no answer.', 'AbortError'));
      return;
    }
    tally.checked++;
    tally.verdicts[posture.verdict]++;
    code = Math.max(code, exitCodeForCheck(posture.verdict, posture.findings, args.fail));
    await write(
      args.format === 'json'
        ? `${JSON.stringify({
            type: 'domain',
            domain: posture.domain,
            verdict: posture.verdict,
            findings: posture.findings.map(toJsonFinding),
            posture,
          })}\n`
        : `${formatLine(posture, style)}\n`,
    );
  };

  /** A check that threw (a bug: checks report failures in the posture) ends the run as an internal error. */
  let failure: unknown;
  let readFailure: unknown;
  try {
    for await (const item of listLines(args.input)) {
      if (stop.signal.aborted || failure !== undefined) {
        break;
      }
      if ('error' in item) {
        await badLine(item.line, item.error);
        continue;
      }
      let domain: string;
      try {
        domain = args.toDomain(item.text);
      } catch (error) {
        await badLine(item.line, error instanceof Error ? error.message : String(error));
        continue;
      }
      while (running >= args.concurrency) {
        await new Promise<void>((resolve) => (wake = resolve));
      }
      running++;
      showProgress();
      const task: Promise<void> = checkOne(domain)
        .catch((error: unknown) => {
          failure ??= error;
          stop.abort(error);
        })
        .finally(() => {
          running--;
          tasks.delete(task);
          showProgress();
          wake?.();
          wake = undefined;
        });
      tasks.add(task);
    }
  } catch (error) {
    // The list could not be read further (an I/O error): what was started is finished, then the run exits 2.
    readFailure = error;
  }
  await Promise.all(tasks);
  await writing;
  clearProgress();
  signal.removeEventListener('abort', onAbort);
  if (signal.aborted) {
    throw abortError(signal, 'The check');
  }
  if (failure !== undefined) {
    throw failure instanceof Error ? failure : new Error(describeError(failure));
  }
  if (silentResolver !== undefined) {
    const lookup = silentResolver.mtaSts.lookup;
    const reason = safeText(lookup.message ?? lookup.outcome, maxShownLineChars);
    io.stderr.write(
      `sts-inspector: the DoH resolver ${safeText(args.resolver, maxShownLineChars)} gave no DNS answer (${reason}); the rest of the list was not checked; try another with --resolver\n`,
    );
    code = EXIT_USAGE;
  } else if (readFailure !== undefined) {
    io.stderr.write(
      `sts-inspector: reading ${safeText(args.source, maxShownLineChars)} failed: ${safeText(describeError(readFailure), maxShownLineChars)}\n`,
    );
    code = EXIT_USAGE;
  } else if (tally.checked === 0 && tally.invalid === 0) {
    io.stderr.write(`sts-inspector: ${safeText(args.source, maxShownLineChars)} holds no domain\n`);
    code = EXIT_USAGE;
  }
  const elapsedMs = performance.now() - started;
  await out.write(
    args.format === 'json'
      ? `${JSON.stringify({ type: 'summary', schemaVersion: SCHEMA_VERSION, tool: 'sts-inspector', command: 'check', resolver: args.resolver, ...tally, elapsedMs })}\n`
      : `${summaryLine(tally, elapsedMs)}\n`,
  );
  return code;
}

/** One domain in one line: domain, verdict, counts, and the codes of its errors and warnings. */
function formatLine(p: Posture, style: Style): string {
  const codes = [
    ...new Set<string>(
      p.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.code),
    ),
  ];
  return `${style.bold(p.domain)}  ${style.verdict(p.verdict, p.verdict.toUpperCase())}  ${countLine(p.findings)}${codes.length > 0 ? `  ${codes.join(' ')}` : ''}`;
}

function summaryLine(tally: Tally, elapsedMs: number): string {
  const verdicts = (Object.entries(tally.verdicts) as [Verdict, number][])
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`);
  const perSecond = elapsedMs > 0 ? (tally.checked / elapsedMs) * 1000 : 0;
  return (
    `${tally.checked} domain${tally.checked === 1 ? '' : 's'} checked${verdicts.length > 0 ? ` (${verdicts.join(', ')})` : ''}` +
    `${tally.invalid > 0 ? `, ${tally.invalid} line${tally.invalid === 1 ? '' : 's'} not a domain` : ''}` +
    ` in ${(elapsedMs / 1000).toFixed(1)} s, ${perSecond.toFixed(1)} domains/s`
  );
}
