/** The report viewer page: the viewer, its reading done by a worker beside the page. */
import { mountPage } from '../common/mount.js';
import { Viewer, type WorkerPort } from './app.js';

/** The page's worker; one the browser refused to create at all reports that as its `error` event. */
function startWorker(): WorkerPort {
  try {
    return new Worker('report.worker.js', { type: 'module' });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      postMessage: () => undefined,
      addEventListener(type: string, listener: (event: MessageEvent<never>) => void) {
        if (type === 'error') {
          const failure = new ErrorEvent('error', { message });
          queueMicrotask(() => (listener as (event: Event) => void)(failure));
        }
      },
      removeEventListener: () => undefined,
    };
  }
}

mountPage(<Viewer worker={startWorker()} />);
