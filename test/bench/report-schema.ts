/**
 * A JSON Schema (draft 7) for the RFC 8460 §4.4 aggregate report, as an editor would validate a report today with
 * vscode-json-languageservice: required members, types, the three policy types and the IANA result types, counts as
 * non-negative integers, date-times, e-mail and IP formats, no unknown members. It checks about what our validator
 * checks (not the cross-field rules: whole UTC day, sums, result type against policy type), so timing both on the
 * same text is a fair comparison. Benchmark data, not shipped.
 */
import type { JSONSchema } from 'vscode-json-languageservice';

const ip: JSONSchema = {
  anyOf: [
    { type: 'string', format: 'ipv4' },
    { type: 'string', format: 'ipv6' },
  ],
};
const count: JSONSchema = { type: 'integer', minimum: 0 };
const dateTime: JSONSchema = { type: 'string', format: 'date-time' };

export const rfc8460ReportSchema: JSONSchema & { $id: string } = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://sts-inspector.example/schemas/rfc8460-report.json',
  title: 'SMTP TLS Reporting aggregate report (RFC 8460 §4.4)',
  type: 'object',
  additionalProperties: false,
  required: ['organization-name', 'date-range', 'contact-info', 'report-id', 'policies'],
  properties: {
    'organization-name': { type: 'string' },
    'date-range': {
      type: 'object',
      additionalProperties: false,
      required: ['start-datetime', 'end-datetime'],
      properties: { 'start-datetime': dateTime, 'end-datetime': dateTime },
    },
    'contact-info': { type: 'string', format: 'email' },
    'report-id': { type: 'string', minLength: 1 },
    policies: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['policy', 'summary'],
        properties: {
          policy: {
            type: 'object',
            additionalProperties: false,
            required: ['policy-type', 'policy-domain'],
            properties: {
              'policy-type': { enum: ['sts', 'tlsa', 'no-policy-found'] },
              'policy-string': { type: 'array', items: { type: 'string' } },
              'policy-domain': { type: 'string', format: 'hostname' },
              'mx-host': { type: 'array', items: { type: 'string' } },
            },
          },
          summary: {
            type: 'object',
            additionalProperties: false,
            required: ['total-successful-session-count', 'total-failure-session-count'],
            properties: {
              'total-successful-session-count': count,
              'total-failure-session-count': count,
            },
          },
          'failure-details': {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['result-type', 'failed-session-count'],
              properties: {
                'result-type': {
                  enum: [
                    'starttls-not-supported',
                    'certificate-host-mismatch',
                    'certificate-expired',
                    'certificate-not-trusted',
                    'validation-failure',
                    'tlsa-invalid',
                    'dnssec-invalid',
                    'dane-required',
                    'sts-policy-fetch-error',
                    'sts-policy-invalid',
                    'sts-webpki-invalid',
                  ],
                },
                'sending-mta-ip': ip,
                'receiving-mx-hostname': { type: 'string' },
                'receiving-mx-helo': { type: 'string' },
                'receiving-ip': ip,
                'failed-session-count': count,
                'additional-information': { type: 'string', format: 'uri' },
                'failure-reason-code': { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
};
