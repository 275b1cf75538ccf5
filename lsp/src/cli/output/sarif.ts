/**
 * SARIF 2.1.0 output for `lint`, so CI systems can annotate policy and report files. Written as files come: each
 * result when its file is linted; the rules used, and the files that could not be read (as tool execution
 * notifications), at the end.
 */
import { catalogue, isFindingCode, rfcUrl, type Finding } from '@sts-inspector/shared/lint';
import { jsonList, memberPieces, pipeText } from './json-stream.js';
import type { Sink } from './sink.js';

const level = (severity: string): 'error' | 'warning' | 'note' =>
  severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';

function ruleOf(code: string): Record<string, unknown> {
  const entry = isFindingCode(code) ? catalogue[code] : undefined;
  const rule: Record<string, unknown> = {
    id: code,
    shortDescription: { text: entry?.message ?? code },
    defaultConfiguration: { level: level(entry?.severity ?? 'warning') },
  };
  if (entry?.ref) {
    // The RFC as a whole: a rule's help is its RFC, each result's message says the section.
    rule.helpUri = rfcUrl({ rfc: entry.ref.rfc, section: null });
  }
  return rule;
}

function resultOf(file: string, f: Finding): Record<string, unknown> {
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
}

/** A SARIF log being written. */
export interface SarifWriter {
  /** The findings of one file. */
  file: (file: string, findings: readonly Finding[]) => Promise<void>;
  /** A file that could not be read or linted. */
  fileError: (file: string, message: string) => void;
  end: () => Promise<void>;
}

export async function startSarif(sink: Sink, version: string): Promise<SarifWriter> {
  const codes = new Set<string>();
  const notifications: Record<string, unknown>[] = [];
  await sink.write(
    '{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version": "2.1.0",\n  "runs": [\n    {\n      "results": ',
  );
  const results = jsonList('      ', 3);
  return {
    file: (file, findings) =>
      pipeText(
        (function* () {
          for (const f of findings) {
            codes.add(f.code);
            yield* results.add(resultOf(file, f));
          }
        })(),
        sink,
      ),
    fileError: (file, message) => {
      notifications.push({
        level: 'error',
        message: { text: message },
        locations: [{ physicalLocation: { artifactLocation: { uri: file } } }],
      });
    },
    end: () =>
      pipeText(
        (function* () {
          yield results.close();
          const rules = [...codes].sort().map(ruleOf);
          yield* memberPieces(
            {
              tool: { driver: { name: 'sts-inspector', version, rules } },
              invocations: [
                {
                  executionSuccessful: notifications.length === 0,
                  ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
                },
              ],
            },
            '    ',
            2,
            false,
          );
          yield '\n    }\n  ]\n}\n';
        })(),
        sink,
      ),
  };
}
