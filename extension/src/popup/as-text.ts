/** A check result as plain text, for the clipboard. */
import { toPlainText } from '@sts-inspector/shared';
import type { CheckResult } from '../common/messages.js';

export function postureAsText(result: CheckResult): string {
  const { posture } = result;
  const lines = [
    `${posture.domain}: ${posture.verdict}`,
    `checked ${posture.checkedAt} via ${result.resolver}`,
    `${posture.mtaSts.name}: ${posture.mtaSts.state}${posture.mtaSts.records.map((r) => `\n  ${r.text}`).join('')}`,
    `policy ${posture.policy.url}: ${result.policyPermitted ? posture.policy.outcome : 'not fetched (no permission)'}`,
  ];
  if (posture.policy.text !== null) {
    lines.push(...posture.policy.text.split(/\r?\n/).map((line) => `  ${line}`));
  }
  for (const host of posture.mx.hosts) {
    const covered = host.covered === null ? '' : host.covered ? ', covered' : ', not covered';
    lines.push(`MX ${host.preference} ${host.name}${covered}, DANE: ${host.dane}`);
  }
  lines.push(
    `${posture.tlsRpt.name}: ${posture.tlsRpt.state}${posture.tlsRpt.records.map((r) => `\n  ${r.text}`).join('')}`,
  );
  for (const finding of [...result.history, ...posture.findings]) {
    lines.push(`${finding.code} ${finding.severity}: ${toPlainText(finding.message)}`);
  }
  return `${lines.join('\n')}\n`;
}
