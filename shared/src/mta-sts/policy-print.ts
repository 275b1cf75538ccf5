/** The canonical text of a policy: version, mode, mx…, max_age, then extensions, CRLF-terminated. Pure. */
import type { Policy } from './policy.js';

/** Print the fields a policy has, in the RFC's order. Missing fields are left out. */
export function printPolicy(policy: Policy): string {
  const lines: string[] = [];
  if (policy.version !== undefined) {
    lines.push(`version: ${policy.version}`);
  }
  if (policy.mode !== undefined) {
    lines.push(`mode: ${policy.mode}`);
  }
  for (const mx of policy.mx) {
    lines.push(`mx: ${mx.pattern}`);
  }
  if (policy.maxAge !== undefined) {
    lines.push(`max_age: ${policy.maxAge}`);
  }
  for (const ext of policy.extensions) {
    lines.push(`${ext.name}: ${ext.value}`);
  }
  return lines.map((l) => `${l}\r\n`).join('');
}
