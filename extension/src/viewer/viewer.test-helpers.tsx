/// <reference types="node" />
/**
 * Test helpers for the report viewer: the real reading session run in-process behind the page's worker port (the
 * page cannot tell: answers are structured-cloned as a worker's would be), files from the repository's samples,
 * and the page mounted in the simulated DOM.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Viewer, type WorkerPort } from './app.js';
import type { FromWorker } from './protocol.js';
import { createReportSession, type SessionLimits } from './session.js';

// A path, not a URL: the simulated DOM brings its own URL class, which Node's file functions do not take.
const samples = join(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/samples');

/** A sample report's bytes. */
export const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(join(samples, name)));

export const gzip = (bytes: Uint8Array | string): Uint8Array => new Uint8Array(gzipSync(bytes));

export const fileOf = (name: string, bytes: Uint8Array | string): File =>
  new File([typeof bytes === 'string' ? bytes : bytes.slice()], name);

/**
 * The reading session in-process, behind the interface the page uses for its worker; `fail` fires the worker's
 * `error` event, as a worker that could not start or died does.
 */
export function inProcessWorker(
  bounds: Partial<SessionLimits> = {},
): WorkerPort & { idle(): Promise<void>; fail(message?: string): void } {
  const listeners = new Set<(event: MessageEvent<FromWorker>) => void>();
  const errorListeners = new Set<(event: Event) => void>();
  let last: Promise<void> = Promise.resolve();
  const session = createReportSession((message) => {
    const data = structuredClone(message);
    for (const listener of listeners) {
      listener({ data } as MessageEvent<FromWorker>);
    }
  }, bounds);
  return {
    postMessage(message) {
      last = session.handle(message);
    },
    addEventListener(type: string, listener: (event: MessageEvent<FromWorker>) => void) {
      (type === 'message' ? listeners : errorListeners).add(listener);
    },
    removeEventListener(type: string, listener: (event: MessageEvent<FromWorker>) => void) {
      (type === 'message' ? listeners : errorListeners).delete(listener);
    },
    idle: () => last,
    fail(message) {
      const event = new ErrorEvent('error', message === undefined ? {} : { message });
      for (const listener of errorListeners) {
        listener(event);
      }
    },
  };
}

/** The viewer mounted in a fresh container, with a way to give it files as the file field would. */
export function mountViewer(bounds: Partial<SessionLimits> = {}) {
  const worker = inProcessWorker(bounds);
  const root = document.createElement('div');
  document.body.replaceChildren(root);
  // act: the page's effects (its listeners) are in place when mounting returns.
  void act(() => render(<Viewer worker={worker} />, root));
  const open = (...files: File[]): void => {
    const input = root.querySelector<HTMLInputElement>('input[type=file]');
    if (!input) {
      throw new Error('no file field');
    }
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
  };
  return { root, worker, open, unmount: () => render(null, root) };
}
