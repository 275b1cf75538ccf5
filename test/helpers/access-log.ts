/**
 * What the lab's nginx did with each request: one JSON line per request in `www/access.log` (test/lab/https.sh),
 * written when nginx is done with the request, so a test can assert what a policy host sent rather than how long
 * the client waited.
 */
import { readFileSync, watch } from 'node:fs';
import type { Lab } from './lab.js';

/** One request as nginx logged it. */
export interface AccessLogEntry {
  host: string;
  /** The request line, e.g. `GET /.well-known/mta-sts.txt HTTP/1.1`. */
  request: string;
  /** The status sent, or 499 when the client closed the connection before any response. */
  status: number;
  /** Bytes sent in all, headers included. */
  bytesSent: number;
  bodyBytesSent: number;
  /** The Content-Length header sent, or '' when none was. */
  contentLength: string;
  /** 'OK' when the whole response went out, '' otherwise. */
  completion: string;
}

function entries(file: string): AccessLogEntry[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  // The last piece is empty, or a line nginx is still writing.
  return lines.slice(0, -1).map((line) => JSON.parse(line) as AccessLogEntry);
}

/**
 * The first request nginx logged for `host`, as soon as it is there: nginx writes an entry only once it is done
 * with the request, which can be a little after the client gave up. Waits on file changes, never on a clock; the
 * test's signal ends the wait (with the log so far in the error).
 */
export function accessLogEntry(lab: Lab, host: string, signal: AbortSignal): Promise<AccessLogEntry> {
  const file = `${lab.dir}/www/access.log`;
  return new Promise((resolve, reject) => {
    // Watch first, then look: a line written in between is still seen.
    const watcher = watch(file);
    const done = (): void => {
      watcher.close();
      signal.removeEventListener('abort', onAbort);
    };
    const look = (): void => {
      let found: AccessLogEntry | undefined;
      try {
        found = entries(file).find((entry) => entry.host === host);
      } catch (error) {
        done();
        reject(new Error(`cannot read ${file}: ${String(error)}`));
        return;
      }
      if (found) {
        done();
        resolve(found);
      }
    };
    const onAbort = (): void => {
      done();
      reject(new Error(`nginx logged no request for ${host}; its log:\n${readFileSync(file, 'utf8')}`));
    };
    watcher.on('change', look);
    watcher.on('error', (error) => {
      done();
      reject(error);
    });
    signal.addEventListener('abort', onAbort);
    look();
  });
}
