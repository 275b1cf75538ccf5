/**
 * Progress of reading one report file, phase by phase, for shells that show it (the browser's report viewer reads
 * a 50 MB report in a worker and says where it is). The core's readers report the phases they run; a shell reports
 * the phases it runs itself (`read`: getting the file's bytes; `summarise`: adding the report to a summary) with
 * the same type, so one listener sees the whole story of a file. Pure.
 */

/**
 * The phases of reading a report file, in the order they run: `read` (the shell gets the bytes), `message` (a
 * saved email is parsed and its report part found), `decompress` (gzip), `decode` (UTF-8 to text), `parse` (JSON
 * and the report's checks), `summarise` (the shell adds the report to its summary).
 */
export type ReportPhase = 'read' | 'message' | 'decompress' | 'decode' | 'parse' | 'summarise';

/** One progress event: a phase started (no `done`) or advanced (`done` bytes of `total`, when known). */
export interface ReportProgress {
  phase: ReportPhase;
  /** Bytes of the phase done so far (decompressed bytes for `decompress`, bytes read for `read`). */
  done?: number;
  /**
   * Bytes the phase will have in all, when known: for `decompress` the size the gzip trailer states (only a hint,
   * RFC 1952 §2.3.1; `done` may pass it), absent when the trailer is unusable.
   */
  total?: number;
}

/** Receives progress events; what it throws is ignored, so a faulty listener cannot break a read. */
export type ReportProgressListener = (progress: ReportProgress) => void;

/** Tell a listener, if any, swallowing what it throws. */
export function tellProgress(listener: ReportProgressListener | undefined, progress: ReportProgress): void {
  if (listener === undefined) {
    return;
  }
  try {
    listener(progress);
  } catch {
    // A listener's fault is not the report's: reading goes on.
  }
}
