/**
 * Start and stop the lab (test/lab/lab.sh) from Node: the test suite's global setup and the latency benchmark
 * use it. The lab runs in `lab.sh run` mode as a child process that holds our pipe as its standard input: it
 * stops when we close the pipe, and also when this process dies without closing it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The lab script. */
export const labScript = fileURLToPath(new URL('../lab/lab.sh', import.meta.url));

/** Where a started lab listens and what its clients need. Plain data: it crosses from the global setup to tests. */
export interface Lab {
  /** The folder with everything the lab generated (pki/, dns/, www/, logs). */
  dir: string;
  /** Loopback address the servers listen on. */
  addr: string;
  /** The DoH resolver's URL (RFC 8484), HTTP/2 only. */
  dohUrl: string;
  /** The test CA that signed the DoH and policy host certificates (PEM file). */
  caFile: string;
  /** SHA-256 of the MX hosts' public key, as in the scenarios' `TLSA 3 1 1` records (lower-case hex). */
  mxKeySha256: string;
  /** When the servers were started (ms since the epoch): no cached answer is older. */
  startedAt: number;
}

/** Options of `startLab`. */
export interface LabOptions {
  /** The folder to generate into; emptied first. */
  dir: string;
  /** Loopback address for the servers; each lab needs its own (port 443 is fixed). */
  addr: string;
  /** Address the zones give every host, when a relay sits in front of the servers. Default `addr`. */
  hostAddr?: string;
  dohPort?: number;
  /** A folder of scenarios instead of test/lab/scenarios (generated ones, for the throughput benchmark). */
  scenarios?: string;
}

/** A lab that runs until `stop()`. */
export interface RunningLab {
  ok: true;
  lab: Lab;
  stop(): Promise<void>;
}

/** This machine cannot run the lab; `reason` is lab.sh's one-line explanation. */
export interface LabUnavailable {
  ok: false;
  reason: string;
}

/** Exit status of lab.sh for "this machine cannot run the lab". */
const unavailableStatus = 3;

/** Bound on generation plus start; lab.sh bounds each server's readiness at 10 s itself. */
const startTimeoutMs = 60_000;

/**
 * Start the lab and resolve once it answers (lab.sh prints "lab ready"). Rejects when it fails to start for any
 * other reason than the machine lacking what it needs, with lab.sh's own error output.
 */
export function startLab(options: LabOptions): Promise<RunningLab | LabUnavailable> {
  const dohPort = options.dohPort ?? 8443;
  const child = spawn('bash', [labScript, 'run'], {
    env: {
      ...process.env,
      LAB_DIR: options.dir,
      LAB_ADDR: options.addr,
      LAB_HOST_ADDR: options.hostAddr ?? options.addr,
      DOH_PORT: String(dohPort),
      ...(options.scenarios === undefined ? {} : { LAB_SCENARIOS: options.scenarios }),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the lab did not start within ${startTimeoutMs} ms:\n${stdout}${stderr}`));
    }, startTimeoutMs);
    const onData = (chunk: string): void => {
      stdout += chunk;
      if (!/^lab ready/m.test(stdout)) {
        return;
      }
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      // Keep draining its output so a full pipe never blocks it.
      child.stdout.resume();
      child.stderr.resume();
      resolve({
        ok: true,
        lab: describeLab(options.dir, options.addr, dohPort, startedAt),
        stop: () => stopChild(child),
      });
    };
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      if (code === unavailableStatus) {
        resolve({ ok: false, reason: stderr.trim().replace(/^lab: /, '') });
      } else {
        reject(new Error(`the lab failed to start (exit ${code}):\n${stdout}${stderr}`));
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', onExit);
    child.once('error', reject);
  });
}

function describeLab(dir: string, addr: string, dohPort: number, startedAt: number): Lab {
  return {
    dir,
    addr,
    dohUrl: `https://${addr}:${dohPort}/dns-query`,
    caFile: `${dir}/pki/ca.crt`,
    mxKeySha256: readFileSync(`${dir}/pki/mx-key.sha256`, 'utf8').trim(),
    startedAt,
  };
}

/** End of input tells `lab.sh run` to stop its servers and exit; resolve when it has. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin?.end();
  });
}

/**
 * The lab the global setup (test/vitest.setup.ts) started, or null when this machine cannot run it (the tests
 * then skip; the setup said why, once). Throws when the setup did not run at all.
 */
export function labFromSetup(injected: Lab | null | undefined): Lab | null {
  if (injected === undefined) {
    throw new Error(
      'the lab is not set up: test/vitest.setup.ts must be a globalSetup of this vitest project',
    );
  }
  return injected;
}

/**
 * The CLI options that point `sts-inspector check` at a lab: its DoH resolver (or another URL that reaches it,
 * such as a relay's), its test CA, policy hosts on loopback addresses allowed, and JSON output.
 */
export function labCliArgs(lab: Lab, resolverUrl: string = lab.dohUrl): string[] {
  return ['--resolver', resolverUrl, '--ca', lab.caFile, '--allow-private', '--format', 'json'];
}
