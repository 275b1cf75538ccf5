/** The report viewer's worker: reads report files off the page's thread, so a 50 MB report never freezes it. */
import type { FromWorker, ToWorker } from './protocol.js';
import { createReportSession } from './session.js';

/** The worker's global scope (the project's DOM typings describe a window, not a worker). */
const scope = self as unknown as {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
};

const session = createReportSession((message) => scope.postMessage(message));
scope.addEventListener('message', (event) => {
  session.handle(event.data).catch((error: unknown) => {
    // The session answers every file, even one it could not read; failing here is a bug. Thrown outside the
    // promise, it reaches the page as the worker's `error` event, and the page says that reading stopped.
    setTimeout(() => {
      throw error;
    });
  });
});
