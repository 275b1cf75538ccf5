/**
 * Start-up benchmark of the built `sts-inspector`: the whole process (Node's start, loading, the command, exit) of
 * `--version`, `--help` and `lint` of a small policy, each against a bare `node -e 0` run beside it. Runs are made in
 * pairs whose order alternates (bare first, then the command first), so that a machine busy with other work weighs
 * on both sides of each pair; each ratio is the median of the pairs' ratios, with the 10th–90th percentile spread.
 * `--instructions` adds the count of executed instructions per command under valgrind's callgrind, the median of five
 * runs (slow, but far steadier than wall time).
 *
 * Both sides run without NODE_EXTRA_CA_CERTS: with it, Node parses that bundle of certificates before it runs
 * anything (about 0.3 s and 420 M instructions for a system bundle of 150), which is no part of either start-up and
 * would hide the difference being measured.
 *
 * Prints figures; asserts nothing. usage: npm run bench:startup [-- --runs 30 --instructions] (startup-main.ts),
 * and part of `npm run bench`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath } from '../helpers/run-cli.js';
import { percentile, pairedRatios } from './paired.js';

interface Command {
  label: string;
  args: string[];
  /** The target of whole process / `node -e 0`. */
  target?: number;
}

/** The environment of every measured process (see the header). */
const measuredEnv: NodeJS.ProcessEnv = { ...process.env };
delete measuredEnv.NODE_EXTRA_CA_CERTS;

/** Run a process to its end; resolves with its wall time in ms. Fails on a non-zero exit. */
function timeProcess(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: measuredEnv });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) {
        reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`));
      } else {
        resolve(ms);
      }
    });
  });
}

/** Callgrind runs per command: a count moves by a few million from run to run (Node's threads, its hash seed). */
const instructionRuns = 5;

/**
 * Instructions executed by the whole process, counted by callgrind: the median of `instructionRuns` runs, or
 * undefined when valgrind is missing.
 */
function instructions(args: string[]): number | undefined {
  const counts: number[] = [];
  for (let i = 0; i < instructionRuns; i++) {
    const run = spawnSync(
      'valgrind',
      ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...args],
      // Standard output as in the timed runs (/dev/null): a pipe would add what making Node's pipe stream costs.
      { encoding: 'utf8', env: measuredEnv, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const collected = /Collected : (\d+)/.exec(run.stderr ?? '');
    if (!collected) {
      return undefined;
    }
    counts.push(Number(collected[1]));
  }
  return percentile(counts, 0.5);
}

const loadAverage = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Options of `startupBench`. */
export interface StartupBenchOptions {
  runs: number;
  instructions: boolean;
}

/** Print the start-up ratios (see the header). */
export async function startupBench(options: StartupBenchOptions): Promise<void> {
  const { runs } = options;
  const dir = mkdtempSync(join(tmpdir(), 'sts-inspector-startup-'));
  const policy = join(dir, 'mta-sts.txt');
  writeFileSync(
    policy,
    'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n',
  );
  const bare = ['-e', '0'];
  const commands: Command[] = [
    { label: '--version', args: [cliPath, '--version'], target: 1.15 },
    { label: '--help', args: [cliPath, '--help'] },
    { label: 'lint mta-sts.txt (a small policy)', args: [cliPath, 'lint', policy], target: 1.4 },
  ];
  try {
    console.log(
      `start-up against \`node -e 0\`, ${runs} alternating pairs each; load average ${loadAverage()}`,
    );
    if (process.env.NODE_EXTRA_CA_CERTS !== undefined) {
      console.log('  (both sides run without the NODE_EXTRA_CA_CERTS set here)');
    }
    for (const command of commands) {
      // One unmeasured run of each warms the file cache.
      await timeProcess(bare);
      await timeProcess(command.args);
      const pairs = await pairedRatios(
        runs,
        () => timeProcess(command.args),
        () => timeProcess(bare),
      );
      const ratios = pairs.map((p) => p.ratio);
      const target = command.target === undefined ? '' : `  (target ≤ ${command.target}x)`;
      console.log(
        `  ${command.label.padEnd(36)} ${percentile(ratios, 0.5).toFixed(2)}x` +
          `  [p10 ${percentile(ratios, 0.1).toFixed(2)}–p90 ${percentile(ratios, 0.9).toFixed(2)}]` +
          `  ${percentile(
            pairs.map((p) => p.a),
            0.5,
          ).toFixed(0)} ms vs ${percentile(
            pairs.map((p) => p.b),
            0.5,
          ).toFixed(0)} ms${target}`,
      );
    }
    console.log(`load average at the end ${loadAverage()}`);
    if (options.instructions) {
      const base = instructions(bare);
      if (base === undefined) {
        console.log('instructions: valgrind is not installed');
        return;
      }
      console.log(
        `instructions (callgrind, median of ${instructionRuns} runs): node -e 0 ${(base / 1e6).toFixed(0)} M`,
      );
      for (const command of commands) {
        const count = instructions(command.args);
        if (count !== undefined) {
          console.log(
            `  ${command.label.padEnd(36)} ${(count / 1e6).toFixed(0)} M  ${(count / base).toFixed(2)}x`,
          );
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
