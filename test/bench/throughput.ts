/**
 * Throughput benchmark of `sts-inspector check --from-file`: a lab of N generated domains (copies of the
 * `enforce` scenario: one MX host, an enforce policy on its own host, a TLS-RPT record), checked by the built bin
 * as one list at each concurrency. Prints domains per second (from the whole process's wall time) against the
 * concurrency, and the peak memory of the process, also for the list five times over (it must not grow with the
 * list). One unmeasured pass first fills the resolver's cache, so that every measured pass sees the same warm
 * resolver.
 *
 * Prints figures; asserts nothing. usage: npm run bench:throughput [-- --domains 1000 --concurrency 1,4,16,64
 * --addr 127.0.0.5] (as root: the lab's policy hosts listen on port 443).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { labCliArgs, startLab, type Lab } from '../helpers/lab.js';
import { cliPath } from '../helpers/run-cli.js';

const template = new URL('../lab/scenarios/enforce/', import.meta.url);

/** Write `count` scenarios `bulkNNNN` (copies of `enforce`) into `dir`; returns their domains. */
function generateScenarios(dir: string, count: number): string[] {
  const zone = readFileSync(new URL('zone', template), 'utf8');
  const policy = readFileSync(new URL('mta-sts.txt', template), 'utf8');
  const domains: string[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `bulk${String(i).padStart(4, '0')}`;
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'zone'), zone.replaceAll('enforce.test', `${name}.test`));
    writeFileSync(join(dir, name, 'mta-sts.txt'), policy.replaceAll('enforce.test', `${name}.test`));
    domains.push(`${name}.test`);
  }
  return domains;
}

interface Pass {
  ms: number;
  code: number | null;
  /** Peak resident memory of the process, in KiB (GNU time's %M). */
  maxRssKiB: number | undefined;
  summary: { checked: number; verdicts: Record<string, number> } | undefined;
}

/** One run of the bin over the list, under /usr/bin/time for its peak memory when that exists. */
function pass(lab: Lab, list: string, concurrency: number): Promise<Pass> {
  const args = [
    cliPath,
    'check',
    '--from-file',
    list,
    '--concurrency',
    String(concurrency),
    ...labCliArgs(lab),
  ];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'maxrss %M', process.execPath, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      last = (last + d).slice(-4096);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const summaryLine = last.trimEnd().split('\n').at(-1) ?? '';
      let summary: Pass['summary'];
      try {
        summary = JSON.parse(summaryLine) as Pass['summary'];
      } catch {
        summary = undefined;
      }
      const rss = /maxrss (\d+)/.exec(stderr);
      resolve({ ms, code, maxRssKiB: rss ? Number(rss[1]) : undefined, summary });
    });
  });
}

const loadAverage = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      domains: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '1,4,16,64' },
      addr: { type: 'string', default: '127.0.0.5' },
    },
  });
  const count = Number(values.domains);
  const levels = values.concurrency.split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'sts-inspector-throughput-'));
  const scenarios = join(dir, 'scenarios');
  mkdirSync(scenarios);
  const domains = generateScenarios(scenarios, count);
  const list = join(dir, 'domains.txt');
  writeFileSync(list, `${domains.join('\n')}\n`);
  const labStarted = performance.now();
  const started = await startLab({ dir: join(dir, 'lab'), addr: values.addr, scenarios });
  if (!started.ok) {
    console.error(`bench: the lab cannot run here: ${started.reason}`);
    process.exitCode = 3;
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  try {
    console.log(
      `${count} lab domains (lab generated and started in ${((performance.now() - labStarted) / 1000).toFixed(1)} s); load average ${loadAverage()}`,
    );
    const warm = await pass(started.lab, list, Math.max(...levels));
    console.log(`  warm-up pass: ${warm.summary?.checked ?? '?'} checked, exit ${warm.code}`);
    console.log('  concurrency  domains/s   wall time   peak memory   verdicts');
    for (const concurrency of levels) {
      const run = await pass(started.lab, list, concurrency);
      const verdicts = Object.entries(run.summary?.verdicts ?? {})
        .filter(([, n]) => n > 0)
        .map(([v, n]) => `${n} ${v}`)
        .join(', ');
      console.log(
        `  ${String(concurrency).padStart(11)}  ${((count / run.ms) * 1000).toFixed(1).padStart(9)}  ${(run.ms / 1000).toFixed(1).padStart(8)} s  ${run.maxRssKiB === undefined ? '?' : `${(run.maxRssKiB / 1024).toFixed(0)} MB`.padStart(11)}   ${verdicts}${run.code === 0 ? '' : ` (exit ${run.code})`}`,
      );
    }
    // Memory must not grow with the list: the same concurrency over the list and over it five times (a warm
    // resolver answers the repeats as it answers the second pass).
    const top = Math.max(...levels);
    const fivefold = join(dir, 'fivefold.txt');
    writeFileSync(fivefold, `${Array.from({ length: 5 }, () => domains.join('\n')).join('\n')}\n`);
    const whole = await pass(started.lab, list, top);
    const longer = await pass(started.lab, fivefold, top);
    const mb = (kib: number | undefined): string =>
      kib === undefined ? '?' : `${(kib / 1024).toFixed(0)} MB`;
    console.log(
      `  peak memory at concurrency ${top}: ${mb(whole.maxRssKiB)} for ${count} domains, ${mb(longer.maxRssKiB)} for ${5 * count} (exit ${longer.code})`,
    );
    console.log(`load average at the end ${loadAverage()}`);
  } finally {
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
