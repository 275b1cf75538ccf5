/**
 * A signal that fires when the caller aborts or when a time bound runs out, and remembers which: the caller's
 * abort is rethrown, the timeout becomes an outcome value. Pure (timers only).
 */

/** A linked abort signal with a deadline. Call `dispose()` when the work is done. */
export interface Deadline {
  signal: AbortSignal;
  timedOut(): boolean;
  dispose(): void;
}

/** Link `signal` (may be undefined) with a timeout of `timeoutMs`; `what` names the work in the abort reason. */
export function startDeadline(signal: AbortSignal | undefined, timeoutMs: number, what: string): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`${what} timed out.`, 'TimeoutError'));
  }, timeoutMs);
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** The error to reject with when the caller's signal fired: its own AbortError reason, or a new one. */
export function abortError(signal: AbortSignal, what: string): unknown {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') {
    return reason;
  }
  return new DOMException(`${what} was aborted.`, 'AbortError');
}
