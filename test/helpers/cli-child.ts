/**
 * The built `sts-inspector` as a child process that tests can watch while it runs: its output as it comes, its
 * exit code or signal, and its peak resident memory (reported by the child itself as it exits).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cliPath } from './run-cli.js';

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident set of the child in bytes; undefined when it was ended by a signal. */
  peakBytes: number | undefined;
}

// Loaded before the CLI: on exit, the child writes its peak resident set (KiB) to file descriptor 3. VmHWM is the
// peak of this process's own memory since it started node; getrusage's maxRSS is not: across exec it keeps the
// peak of the process it was forked from, here the test runner's worker, hundreds of megabytes.
const reportPeak = `data:text/javascript,${encodeURIComponent(
  "import { readFileSync, writeSync } from 'node:fs'; process.on('exit', () => { try { const hwm = /VmHWM:\\s*(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8')); writeSync(3, hwm ? hwm[1] : String(process.resourceUsage().maxRSS)); } catch {} });",
)}`;

export interface WatchedChild {
  child: ChildProcess;
  /** Resolves once the child's stderr (so far) matches. */
  stderrMatches(pattern: RegExp): Promise<void>;
  /** Resolves once the child has written this much to stdout. */
  stdoutReaches(chars: number): Promise<void>;
  done: Promise<ChildRun>;
}

/** Start `sts-inspector …args` with stdout and stderr piped. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): WatchedChild {
  const child = spawn(process.execPath, ['--import', reportPeak, cliPath, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let peak = '';
  const waiters: (() => void)[] = [];
  const changed = (): void => {
    for (const w of waiters.splice(0)) {
      w();
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    changed();
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    changed();
  });
  (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (d: string) => (peak += d));
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      changed();
      resolve({ code, signal, stdout, stderr, peakBytes: peak === '' ? undefined : Number(peak) * 1024 });
    });
  });
  const until = (test: () => boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (test()) {
          resolve();
        } else if (child.exitCode !== null || child.signalCode !== null) {
          reject(new Error(`the child ended first (exit ${child.exitCode}):\n${stderr}`));
        } else {
          waiters.push(check);
        }
      };
      check();
    });
  return {
    child,
    stderrMatches: (pattern) => until(() => pattern.test(stderr)),
    stdoutReaches: (chars) => until(() => stdout.length >= chars),
    done,
  };
}

/** Run `sts-inspector …args` to its end. */
export function runCliMeasured(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildRun> {
  return startCli(args, env).done;
}
