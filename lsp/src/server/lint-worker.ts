/** The lint worker's entry: answers the server's report jobs one at a time (see report-linter.ts). */
import { parentPort } from 'node:worker_threads';
import { summaryOfFile, type WorkerRequest, type WorkerResponse } from './report-linter.js';
import { ReportStore } from './report-work.js';

const store = new ReportStore();
let queue: Promise<void> = Promise.resolve();

async function answer(m: WorkerRequest): Promise<WorkerResponse> {
  try {
    switch (m.op) {
      case 'lint':
        return { id: m.id, ok: true, json: JSON.stringify(await store.lint(m.job)) };
      case 'summary': {
        const summary = store.summary(m.uri, m.version);
        return { id: m.id, ok: true, json: summary && JSON.stringify(summary) };
      }
      case 'summaryOfFile':
        return { id: m.id, ok: true, json: JSON.stringify(await summaryOfFile(store, m.path)) };
      case 'outline':
        return { id: m.id, ok: true, json: JSON.stringify(store.outline(m.uri, m.version)) };
      case 'forget':
        store.forget(m.uri);
        return { id: m.id, ok: true, json: undefined };
    }
  } catch (error) {
    return { id: m.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on('message', (m: WorkerRequest) => {
  queue = queue.then(async () => parentPort?.postMessage(await answer(m)));
});
