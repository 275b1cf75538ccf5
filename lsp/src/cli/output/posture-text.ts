/** A posture as a person reads it in a terminal. Shows what the core decided; decides nothing itself. */
import type { Posture } from '@sts-inspector/shared';
import { countLine, formatFindingLine, maxShownLineChars, safeText } from './findings-text.js';
import type { Style } from './style.js';

export function formatPosture(p: Posture, style: Style): string {
  const lines: string[] = [];
  lines.push(
    `${style.bold(p.domain)}  ${style.verdict(p.verdict, p.verdict.toUpperCase())}  ${style.dim(`(${Math.round(p.elapsedMs)} ms)`)}`,
  );
  const sts = p.mtaSts.selected ?? p.mtaSts.records[0];
  lines.push(`  _mta-sts      ${p.mtaSts.state}${sts ? `  ${safeText(sts.text, maxShownLineChars)}` : ''}`);
  const policy = p.policy;
  const status =
    policy.status === null
      ? safeText(policy.outcome)
      : `HTTP ${policy.status}${policy.contentType ? `, ${safeText(policy.contentType)}` : ''}`;
  lines.push(`  policy        ${status}${policy.mode ? `, mode ${policy.mode}` : ''}`);
  if (p.mx.nullMx) {
    lines.push('  mx            null MX (accepts no mail)');
  }
  for (const h of p.mx.hosts) {
    const cover =
      h.covered === null ? '' : h.covered ? `covered by ${safeText(h.matchedPattern ?? '')}` : 'NOT covered';
    // TLSA taken from the name an alias expands to (RFC 7672 §2.2.3) is said, since the host name has none.
    const base = h.tlsaBase !== null && h.tlsaBase !== h.name ? ` (TLSA at ${safeText(h.tlsaBase)})` : '';
    lines.push(
      `  mx ${String(h.preference).padStart(3)}        ${safeText(h.name)}  ${cover}${h.dane !== 'none' ? `  DANE: ${h.dane}${base}` : ''}`,
    );
  }
  const rpt = p.tlsRpt.selected ?? p.tlsRpt.records[0];
  lines.push(`  _smtp._tls    ${p.tlsRpt.state}${rpt ? `  ${safeText(rpt.text, maxShownLineChars)}` : ''}`);
  if (p.findings.length > 0) {
    lines.push('');
  }
  for (const f of p.findings) {
    lines.push(formatFindingLine(f, style, false));
  }
  lines.push(`  ${style.dim(countLine(p.findings))}`, '');
  return lines.join('\n') + '\n';
}
