/**
 * `check` against a DoH resolver that is there but dead: a port that accepts connections and never answers, and
 * a port that refuses them. It gives up after the first domain, says so, and exits 2, instead of paying every
 * lookup's timeout for every domain.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliMeasured } from '../../helpers/cli-child.js';

const domains = ['first.example', 'second.example', 'third.example'];

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

describe('check: a resolver that has answered nothing is given up on', () => {
  const held: Socket[] = [];
  const silent = createServer((socket) => held.push(socket));
  let silentPort = 0;
  let refusingPort = 0;

  beforeAll(async () => {
    silentPort = await listen(silent);
    // A port that was free a moment ago and is closed now: connections to it are refused.
    const closed = createServer();
    refusingPort = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
  });
  afterAll(async () => {
    held.forEach((s) => s.destroy());
    await new Promise((resolve) => silent.close(resolve));
  });

  for (const [what, port] of [
    ['accepts and never answers', () => silentPort],
    ['refuses connections', () => refusingPort],
  ] as const) {
    it(`stops after the first domain when the resolver ${what}`, async () => {
      const url = `https://127.0.0.1:${port()}/dns-query`;
      const run = await runCliMeasured(['check', ...domains, '--resolver', url, '--dns-timeout', '1000']);
      expect(run.code).toBe(2);
      expect(run.stdout).toContain('first.example  UNKNOWN');
      expect(run.stdout).not.toContain('second.example');
      expect(run.stderr).toMatch(
        new RegExp(
          `^sts-inspector: the DoH resolver ${url.replace(/[.]/g, '\\.')} gave no DNS answer \\(.+\\); 2 more domains not checked; try another with --resolver\\n$`,
        ),
      );
    });
  }

  it('says the same in JSON, with the one domain it checked', async () => {
    const url = `https://127.0.0.1:${refusingPort}/dns-query`;
    const run = await runCliMeasured(['check', ...domains, '--resolver', url, '--format', 'json']);
    expect(run.code).toBe(2);
    const doc = JSON.parse(run.stdout) as { domains: { domain: string; verdict: string }[] };
    expect(doc.domains).toEqual([expect.objectContaining({ domain: 'first.example', verdict: 'unknown' })]);
  });
});
