/**
 * Latency benchmark of `sts-inspector check`: the lab with a delay relay in front of the DoH resolver and the
 * policy hosts, a domain with four MX hosts, and the check's wall time set against two yardsticks:
 *
 * - the critical path, the longest chain of round trips that depend on each other: the DoH connection (TLS 1.3,
 *   one round trip), then the policy host's address, its TLS 1.3 handshake and the GET; beside it the MX lookup
 *   and then each MX host's TLSA and address; beside those the TXT lookups. A check that starts every lookup as
 *   soon as its inputs are known takes about this long.
 * - the sum of all round trips, as if every lookup waited for the previous one.
 *
 * Beside it, run for run in alternating order, mailauth 7's MTA-STS lookup (`getPolicy`, strict; see
 * mailauth-check.ts) of the same domain through the same relay and the same DoH client: its time in process and as
 * a whole process. mailauth looks up the record, then the policy host's address, then fetches, one after another,
 * and does not look at MX hosts, TLS-RPT or DANE: its own critical path is 5 round trips (the DoH connection, TXT,
 * A, TLS 1.3, GET). After the latency table, the start-up ratios (startup.ts).
 *
 * Prints figures; asserts nothing. usage: npm run bench [-- --delays 0,25,50 --runs 5 --domain several-mx.test
 * --timings --startup-runs 20 --addr 127.0.0.3 --relay-addr 127.0.0.4] (`--timings` adds the timeline of the last run at each delay; `--startup-runs 0`
 * leaves the start-up ratios out).
 * (`npm run bench` bundles this file to test/dist/, one folder below test/ like its sources, so that the
 * helpers' paths relative to import.meta.url still hold.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Posture } from '@sts-inspector/shared';
import { labCliArgs, startLab, type Lab } from '../helpers/lab.js';
import { cliPath } from '../helpers/run-cli.js';
import { startDelayRelay, type DelayRelay } from './delay-relay.js';
import { startupBench } from './startup.js';

/**
 * The servers listen on one loopback address and the relays on another, which the zones name for every host
 * (`--addr`, `--relay-addr`: another pair when these are taken).
 */
let serverAddr = '127.0.0.3';
let relayAddr = '127.0.0.4';
const dohPort = 8443;

interface Run {
  /** The check itself, from the posture (`elapsedMs`). */
  checkMs: number;
  /** The whole process, Node's start-up and exit included. */
  processMs: number;
  /** From the last output to the process's end. */
  exitLagMs: number;
  criticalRoundTrips: number;
  allRoundTrips: number;
  /** The durations of the timed port calls, added up. */
  timedSumMs: number;
  timings: Posture['timings'];
}

/** Round trips on the longest chain of dependent calls this posture made (see the header). */
function criticalRoundTrips(posture: Posture): number {
  const labels = posture.timings.map((t) => t.label);
  const policy = 3; // the host's address, TLS 1.3, GET
  const mx =
    1 +
    (labels.some((l) => l.startsWith('TLSA ')) ? 1 : 0) +
    (labels.some((l) => l.endsWith('(CD)')) ? 1 : 0);
  const records = 1 + (posture.mtaSts.state === 'absent' || posture.tlsRpt.state === 'absent' ? 1 : 0);
  return 1 + Math.max(policy, mx, records);
}

/** Every round trip: the DoH connection, each DNS query, and per GET the address lookup, TLS 1.3 and the request. */
function allRoundTrips(posture: Posture): number {
  const gets = posture.timings.filter((t) => t.label.startsWith('GET ')).length;
  return 1 + (posture.timings.length - gets) + 3 * gets;
}

interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
  processMs: number;
  exitLagMs: number;
}

/** Run a Node script to its end, timing the whole process and how long it lived after its last output. */
function runProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let lastOutput = started;
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      lastOutput = performance.now();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ended = performance.now();
      resolve({ code, stdout, stderr, processMs: ended - started, exitLagMs: ended - lastOutput });
    });
  });
}

async function checkOnce(lab: Lab, domain: string): Promise<Run> {
  const run = await runProcess([
    cliPath,
    'check',
    domain,
    ...labCliArgs(lab, `https://${relayAddr}:${dohPort}/dns-query`),
  ]);
  if (run.code === 2 || run.stdout === '') {
    throw new Error(`check failed (exit ${run.code}): ${run.stderr}`);
  }
  const posture = (JSON.parse(run.stdout) as { domains: { posture: Posture }[] }).domains[0]!.posture;
  return {
    checkMs: posture.elapsedMs,
    processMs: run.processMs,
    exitLagMs: run.exitLagMs,
    criticalRoundTrips: criticalRoundTrips(posture),
    allRoundTrips: allRoundTrips(posture),
    timedSumMs: posture.timings.reduce((sum, t) => sum + (t.endMs - t.startMs), 0),
    timings: posture.timings,
  };
}

/** mailauth's run: its own time in process, and the whole process. */
interface PeerRun {
  inProcessMs: number;
  processMs: number;
  exitLagMs: number;
}

const mailauthScript = new URL('./bench-mailauth.mjs', import.meta.url).pathname;
/** TLS 1.3 to the DoH server, TXT, A, TLS 1.3 to the policy host, GET: one after another. */
const mailauthRoundTrips = 5;

async function mailauthOnce(lab: Lab, domain: string): Promise<PeerRun> {
  const run = await runProcess(
    [mailauthScript, domain, `https://${relayAddr}:${dohPort}/dns-query`, lab.caFile],
    {
      NODE_EXTRA_CA_CERTS: lab.caFile,
    },
  );
  const result = JSON.parse(run.stdout || '{}') as { ms?: number; status?: string; mode?: string };
  if (run.code !== 0 || result.status !== 'found' || result.ms === undefined) {
    throw new Error(`mailauth failed (exit ${run.code}): ${run.stdout}${run.stderr}`);
  }
  return { inProcessMs: result.ms, processMs: run.processMs, exitLagMs: run.exitLagMs };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

function report(domain: string, delayMs: number, runs: Run[], peers: PeerRun[], timeline: boolean): void {
  const rtt = 2 * delayMs;
  const check = median(runs.map((r) => r.checkMs));
  const critical = median(runs.map((r) => r.criticalRoundTrips));
  const all = median(runs.map((r) => r.allRoundTrips));
  const ratio = (what: string, ms: number): string =>
    ms > 0 ? `check / ${what} = ${(check / ms).toFixed(2)}x` : '';
  const peer = median(peers.map((p) => p.inProcessMs));
  const pairs = (of: (i: number) => number): string => {
    const ratios = runs.map((_, i) => of(i));
    return `${median(ratios).toFixed(2)}x [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]`;
  };
  const lines: [string, number, string?][] = [
    ['check (posture elapsedMs)', check],
    [`critical path (${critical} RTT)`, critical * rtt, ratio('critical path', critical * rtt)],
    [`all round trips (${all} RTT)`, all * rtt, ratio('all round trips', all * rtt)],
    ['timed calls added up', median(runs.map((r) => r.timedSumMs))],
    ['whole process', median(runs.map((r) => r.processMs)), '(Node start-up and exit included)'],
    ['  of which after the output', median(runs.map((r) => r.exitLagMs))],
    [
      'mailauth getPolicy',
      peer,
      rtt > 0
        ? `/ its own critical path (${mailauthRoundTrips} RTT) = ${(peer / (mailauthRoundTrips * rtt)).toFixed(2)}x, / ours = ${(peer / (critical * rtt)).toFixed(2)}x`
        : '',
    ],
    ['mailauth whole process', median(peers.map((p) => p.processMs))],
    ['  of which after the output', median(peers.map((p) => p.exitLagMs))],
  ];
  console.log(`\n${domain}, one-way delay ${delayMs} ms (RTT ${rtt} ms), median of ${runs.length} runs`);
  for (const [label, ms, note] of lines) {
    console.log(`  ${label.padEnd(28)}${ms.toFixed(0).padStart(6)} ms  ${note ?? ''}`.trimEnd());
  }
  console.log(
    `  in process, ours / mailauth's:    ${pairs((i) => runs[i]!.checkMs / peers[i]!.inProcessMs)}  (median and range of the pairs)`,
  );
  console.log(
    `  whole process, ours / mailauth's: ${pairs((i) => runs[i]!.processMs / peers[i]!.processMs)}`,
  );
  if (!timeline) {
    return;
  }
  for (const t of runs.at(-1)?.timings ?? []) {
    console.log(`    ${t.startMs.toFixed(0).padStart(5)} – ${t.endMs.toFixed(0).padStart(5)} ms  ${t.label}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      delays: { type: 'string', default: '0,25,50' },
      runs: { type: 'string', default: '5' },
      domain: { type: 'string', default: 'several-mx.test' },
      timings: { type: 'boolean', default: false },
      'startup-runs': { type: 'string', default: '20' },
      addr: { type: 'string', default: serverAddr },
      'relay-addr': { type: 'string', default: relayAddr },
    },
  });
  serverAddr = values.addr;
  relayAddr = values['relay-addr'];
  const delays = values.delays.split(',').map(Number);
  const runs = Number(values.runs);
  const dir = mkdtempSync(join(tmpdir(), 'sts-inspector-bench-'));
  const started = await startLab({ dir, addr: serverAddr, hostAddr: relayAddr, dohPort });
  if (!started.ok) {
    console.error(`bench: the lab cannot run here: ${started.reason}`);
    process.exitCode = 3;
    return;
  }
  try {
    for (const delayMs of delays) {
      const relays: DelayRelay[] = await Promise.all(
        [443, dohPort].map((port) =>
          startDelayRelay({ listen: { host: relayAddr, port }, target: { host: serverAddr, port }, delayMs }),
        ),
      );
      try {
        const results: Run[] = [];
        const peers: PeerRun[] = [];
        // Pairs in alternating order, so that other work on the machine weighs on both.
        for (let i = 0; i < runs; i++) {
          if (i % 2 === 0) {
            results.push(await checkOnce(started.lab, values.domain));
            peers.push(await mailauthOnce(started.lab, values.domain));
          } else {
            peers.push(await mailauthOnce(started.lab, values.domain));
            results.push(await checkOnce(started.lab, values.domain));
          }
        }
        report(values.domain, delayMs, results, peers, values.timings);
      } finally {
        await Promise.all(relays.map((r) => r.close()));
      }
    }
  } finally {
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const startupRuns = Number(values['startup-runs']);
  if (startupRuns > 0) {
    console.log('');
    await startupBench({ runs: startupRuns, instructions: false });
  }
}

await main();
