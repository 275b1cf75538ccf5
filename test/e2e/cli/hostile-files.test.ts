/**
 * The built bin against files that try to break it: pipes and devices under report names, files over the bound,
 * names that are terminal escapes, values of many megabytes, Ctrl-C in the middle of a folder, a reader that goes
 * away, an output that cannot be written. Each case is checked for its exit code, its output and the child's peak memory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateReport } from '../../fixtures/report-generator.js';
import { runCliMeasured, startCli, type ChildRun } from '../../helpers/cli-child.js';
import { cliPath } from '../../helpers/run-cli.js';

const fixtures = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const mailRu = readFileSync(`${fixtures}report/ok--sample-mail-ru.json`, 'utf8');
const policyWithErrors = readFileSync(`${fixtures}policy/STS211--mode-unknown.txt`);
const MiB = 1024 * 1024;
/** A Node process that reads small files stays far below this; one that reads a device without end does not. */
const smallPeak = 300 * MiB;

const folder = (): string => mkdtempSync(join(tmpdir(), 'sts-hostile-'));
const rawControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function expectQuietEnd(run: ChildRun): void {
  expect(run.stderr).not.toMatch(/\n\s+at |internal error|Error:/);
  expect(run.peakBytes).toBeLessThan(smallPeak);
}

describe('files that are not files', () => {
  it('refuses a named pipe given by name at once, instead of waiting for a writer', async () => {
    const dir = folder();
    const fifo = join(dir, 'report.json');
    execFileSync('mkfifo', [fifo]);
    for (const command of ['lint', 'report']) {
      const run = await runCliMeasured([command, fifo]);
      expect(run.code, command).toBe(2);
      expect(run.stderr).toBe(
        `sts-inspector: ${fifo}: cannot read: a named pipe (FIFO), not a regular file\n`,
      );
      expectQuietEnd(run);
    }
  });

  it('refuses /dev/zero, by name and behind a .json link, without reading it', async () => {
    const dir = folder();
    const link = join(dir, 'zero.json');
    symlinkSync('/dev/zero', link);
    for (const path of ['/dev/zero', link]) {
      const run = await runCliMeasured(['report', '--format', 'json', path]);
      expect(run.code, path).toBe(2);
      expect(run.stderr).toContain('a character device, not a regular file');
      const doc = JSON.parse(run.stdout) as { files: { file: string; error: string }[] };
      expect(doc.files).toEqual([
        {
          file: path,
          error: 'cannot read: a character device, not a regular file',
          parsed: false,
          findings: [],
        },
      ]);
      expectQuietEnd(run);
    }
  });

  it('in a folder: follows links to reports, passes over devices and pipes, and does not loop on a link cycle', async () => {
    const dir = folder();
    const elsewhere = folder();
    writeFileSync(join(elsewhere, 'mail.ru.json'), mailRu);
    symlinkSync(join(elsewhere, 'mail.ru.json'), join(dir, 'linked.json'));
    symlinkSync('/dev/zero', join(dir, 'zero.json'));
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    mkdirSync(join(dir, 'sub'));
    symlinkSync(dir, join(dir, 'sub', 'back'));
    const run = await runCliMeasured(['report', '--verbose', '--format', 'json', dir]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { files: { file: string }[]; summary: { reports: number } };
    expect(doc.files.map((f) => f.file)).toEqual([join(dir, 'linked.json')]);
    expect(doc.summary.reports).toBe(1);
    expect(run.stderr).toContain(`skipped ${join(dir, 'pipe.json')}: a named pipe (FIFO)\n`);
    expect(run.stderr).toContain(`skipped ${join(dir, 'zero.json')}: a character device\n`);
    expect(run.stderr).toContain('skipped 2 files that report does not read\n');
    expectQuietEnd(run);
  });
});

describe('one bad file in a folder is that file’s error; the others are still read', () => {
  function mixed(): { dir: string; big: string; dangling: string; good: string } {
    const dir = folder();
    const good = join(dir, 'a-mail.ru.json');
    writeFileSync(good, mailRu);
    // A report's start, then a sparse tail: over the bound without taking the space.
    const big = join(dir, 'b-big.json');
    writeFileSync(big, mailRu);
    truncateSync(big, 256 * MiB + 1);
    const dangling = join(dir, 'c-gone.json');
    symlinkSync(join(dir, 'nowhere.json'), dangling);
    return { dir, big, dangling, good };
  }
  const tooBig = '268,435,457 bytes, over the 256 MiB limit on input files';
  const gone = 'cannot read: no such file or folder';

  it('report: text, JSON', async () => {
    const { dir, big, dangling, good } = mixed();
    const text = await runCliMeasured(['report', dir]);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain('1 report from');
    expect(text.stdout).toContain(`Not read\n  ${big}  error: ${tooBig}\n  ${dangling}  error: ${gone}`);
    expect(text.stderr).toBe(`sts-inspector: ${big}: ${tooBig}\nsts-inspector: ${dangling}: ${gone}\n`);
    expectQuietEnd(text);
    const json = await runCliMeasured(['report', '--format', 'json', dir]);
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout) as { files: Record<string, unknown>[]; summary: { reports: number } };
    expect(doc.files.map((f) => [f.file, f.parsed, f.error])).toEqual([
      [good, true, undefined],
      [big, false, tooBig],
      [dangling, false, gone],
    ]);
    expect(doc.summary.reports).toBe(1);
  });

  it('lint: text, JSON, SARIF', async () => {
    const { dir, big, dangling, good } = mixed();
    const text = await runCliMeasured(['lint', dir]);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(`${good} (report)`);
    expect(text.stdout).toContain(`${big}\n  error  ${tooBig}\n`);
    const json = await runCliMeasured(['lint', '--format', 'json', dir]);
    expect(json.code).toBe(2);
    const doc = JSON.parse(json.stdout) as { files: Record<string, unknown>[] };
    expect(doc.files.map((f) => [f.file, f.kind, f.error])).toEqual([
      [good, 'report', undefined],
      [big, undefined, tooBig],
      [dangling, undefined, gone],
    ]);
    const sarif = await runCliMeasured(['lint', '--format', 'sarif', dir]);
    expect(sarif.code).toBe(2);
    const log = JSON.parse(sarif.stdout) as {
      runs: {
        invocations: {
          executionSuccessful: boolean;
          toolExecutionNotifications: {
            message: { text: string };
            locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
          }[];
        }[];
      }[];
    };
    const invocation = log.runs[0]!.invocations[0]!;
    expect(invocation.executionSuccessful).toBe(false);
    expect(
      invocation.toolExecutionNotifications.map((n) => [
        n.locations[0]!.physicalLocation.artifactLocation.uri,
        n.message.text,
      ]),
    ).toEqual([
      [big, tooBig],
      [dangling, gone],
    ]);
  });
});

describe('text that input controls', () => {
  it('escapes terminal sequences in file names found in a folder, on stdout and stderr', async () => {
    const dir = folder();
    const osc = '\u001b]0;owned\u0007\u001b[2J';
    writeFileSync(join(dir, `${osc}.json`), mailRu);
    writeFileSync(join(dir, `${osc}.txt`), 'not ours');
    for (const args of [
      ['lint', '--verbose', dir],
      ['report', '--verbose', dir],
    ]) {
      const run = await runCliMeasured(args);
      expect(run.code, args[0]).toBe(0);
      expect(run.stdout + run.stderr).not.toMatch(rawControl);
      expect(run.stderr).toContain('\\u001b]0;owned\\u0007\\u001b[2J.txt');
    }
  });

  it('shortens a value of a megabyte in the text summary, saying how long it was', async () => {
    const dir = folder();
    const report = JSON.parse(mailRu) as Record<string, unknown>;
    report['organization-name'] = 'x'.repeat(MiB);
    writeFileSync(join(dir, 'long.json'), JSON.stringify(report));
    const run = await runCliMeasured(['report', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${'x'.repeat(200)}… (1,048,576 characters)`);
    // The organisation shows in several tables, each row padded to the widest cell: no line may carry it whole.
    expect(Math.max(...run.stdout.split('\n').map((line) => line.length))).toBeLessThan(2000);
    expectQuietEnd(run);
  });
});

describe('many large reports', () => {
  it('report holds one report at a time, not the whole folder, until the summary', async () => {
    const dir = folder();
    const first = join(dir, 'r00.json');
    writeFileSync(first, generateReport({ seed: 2, targetBytes: 3 * MiB, findingRate: 0.01 }));
    // Hard links: 60 files of 3 MB each on disk once. Parsed, each holds about 7 MB; all of them would be 400 MB.
    for (let i = 1; i < 60; i++) {
      linkSync(first, join(dir, `r${String(i).padStart(2, '0')}.json`));
    }
    const run = await runCliMeasured(['report', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('1 report from');
    expect(run.stdout).toContain('59 duplicate reports');
    expect(run.peakBytes).toBeLessThan(smallPeak);
  }, 180_000);
});

describe('ending a run', () => {
  /** A folder that takes minutes to read: one file passed over first, then many links to a large report. */
  function slowFolder(): string {
    const dir = folder();
    writeFileSync(join(dir, 'a-notes.txt'), 'not ours');
    writeFileSync(join(dir, 'large'), generateReport({ seed: 1, targetBytes: 4 * MiB, findingRate: 0.5 }));
    for (let i = 0; i < 2000; i++) {
      symlinkSync('large', join(dir, `r${String(i).padStart(4, '0')}.json`));
    }
    return dir;
  }

  for (const command of ['lint', 'report']) {
    it(`Ctrl-C stops ${command} in the middle of a folder at once`, async () => {
      const watched = startCli([command, '--verbose', '--format', 'json', slowFolder()]);
      // The passed-over file is named before the first report is read.
      await watched.stderrMatches(/skipped .*a-notes\.txt/);
      watched.child.kill('SIGINT');
      const run = await watched.done;
      // Ended by the signal itself, as other tools are (a shell reports 130).
      expect([run.signal, run.code]).toEqual(['SIGINT', null]);
    });
  }

  it('ends quietly when the reader of its output goes away', async () => {
    const dir = folder();
    for (let i = 0; i < 3000; i++) {
      writeFileSync(join(dir, `p${i}.mta-sts.txt`), policyWithErrors);
    }
    const watched = startCli(['lint', dir]);
    await watched.stdoutReaches(1);
    // As `… | head -1` does once it has its line.
    watched.child.stdout!.destroy();
    const run = await watched.done;
    expect(run.code).toBe(141);
    expect(run.stderr).toBe('');
    expect(run.peakBytes).toBeLessThan(smallPeak);
  }, 60_000);

  // `--version` is written without Node's output stream, `--help` and lint through it: each ends the same way.
  const outputs = [['--version'], ['--help'], ['lint', join(fixtures, 'policy')]];

  it('says why when its output cannot be written, and exits 2', () => {
    for (const args of outputs) {
      // Linux's full device: every write fails with ENOSPC.
      const full = openSync('/dev/full', 'w');
      const run = spawnSync(process.execPath, [cliPath, ...args], {
        encoding: 'utf8',
        stdio: ['ignore', full, 'pipe'],
      });
      closeSync(full);
      expect([args[0], run.status, run.stderr]).toEqual([
        args[0],
        2,
        'sts-inspector: cannot write the output: ENOSPC: no space left on device, write\n',
      ]);
    }
  });

  it('ends quietly with 141 when its output is a pipe nobody reads', () => {
    const fifo = join(folder(), 'out');
    execFileSync('mkfifo', [fifo]);
    // fd 3 opens the pipe for reading and writing (so that opening fd 4 does not wait for a reader), fd 4 is the
    // command's output, and closing fd 3 leaves that pipe with no reader: the first write meets EPIPE.
    const script = 'exec 3<>"$0"; exec 4>"$0"; exec 3>&-; "$@" >&4; echo "exit $?"';
    for (const args of outputs) {
      const run = spawnSync('sh', ['-c', script, fifo, process.execPath, cliPath, ...args], {
        encoding: 'utf8',
      });
      expect([args[0], run.stdout, run.stderr]).toEqual([args[0], 'exit 141\n', '']);
    }
  });
});
