/** SARIF 2.1.0 output for `lint`, so CI systems can annotate policy and report files. */
import { catalogue, isFindingCode, type Finding } from '@sts-inspector/shared';

export interface SarifFile {
  file: string;
  findings: Finding[];
}

const level = (severity: string): 'error' | 'warning' | 'note' =>
  severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';

export function toSarif(files: SarifFile[], version: string): string {
  const codes = [...new Set(files.flatMap((f) => f.findings.map((x) => x.code)))].sort();
  const rules = codes.map((code) => {
    const entry = isFindingCode(code) ? catalogue[code] : undefined;
    const rule: Record<string, unknown> = {
      id: code,
      shortDescription: { text: entry?.message ?? code },
      defaultConfiguration: { level: level(entry?.severity ?? 'warning') },
    };
    if (entry?.ref) {
      rule.helpUri = `https://www.rfc-editor.org/rfc/rfc${entry.ref.rfc}`;
    }
    return rule;
  });
  const results = files.flatMap(({ file, findings }) =>
    findings.map((f) => {
      const region = f.range
        ? {
            startLine: f.range.start.line + 1,
            startColumn: f.range.start.character + 1,
            endLine: f.range.end.line + 1,
            endColumn: f.range.end.character + 1,
          }
        : undefined;
      return {
        ruleId: f.code,
        level: level(f.severity),
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: file }, ...(region ? { region } : {}) } }],
      };
    }),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'sts-inspector', version, rules } }, results }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
