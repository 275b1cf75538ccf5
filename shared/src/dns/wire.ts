/**
 * The DNS wire format (RFC 1035 §4.1): query encoding for DoH and response decoding into our plain `DnsRecord`
 * values. The only module that imports `@dnsquery/dns-packet`, so the codec can be swapped in one place.
 * Pure. `decodeMessage` never throws; the encoders throw a TypeError only on programmer errors.
 */
import * as dnsPacket from '@dnsquery/dns-packet';
import { lowerAscii } from './name.js';
import type { DnsRecord, Rcode, RecordType } from './resolver.js';

/** Wire type numbers of the record types we query (RFC 1035 §3.2.2, RFC 3596, RFC 6698). */
export const recordTypeNumbers: Readonly<Record<RecordType, number>> = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  TLSA: 52,
};

const typeOPT = 41;
const classIN = 1;

/** Flag masks on the 16-bit flags word (RFC 1035 §4.1.1, RFC 4035 §3.2). */
const flagQR = 0x8000;
const flagTC = 0x0200;
const flagRD = 0x0100;
const flagAA = 0x0400;
const flagRA = 0x0080;
const flagAD = 0x0020;
const flagCD = 0x0010;
/** EDNS(0) DO bit in the OPT TTL field (RFC 3225 §3). */
const ednsDO = 0x8000;
/** Advertised UDP size: the DNS Flag Day 2020 value; DoH servers ignore it anyway (RFC 8484 §6). */
const ednsUdpSize = 1232;

/** A decoded question. `type` is the wire number. */
export interface DnsQuestion {
  name: string;
  type: number;
}

/** A decoded DNS message, reduced to what the resolver needs. Names are lower-case without the trailing dot. */
export interface DnsMessage {
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  ad: boolean;
  cd: boolean;
  /** Header RCODE, extended by the OPT record's upper bits when present (RFC 6891 §6.1.3). */
  rcode: Rcode;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authorities: DnsRecord[];
}

/** The result of decoding: a message, or why the bytes are not one. */
export type DecodedMessage = { ok: true; message: DnsMessage } | { ok: false; message: string };

const rcodeNames: readonly Rcode[] = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

/** RCODE number → name (RFC 1035 §4.1.1); other values as `RCODE<n>`. */
export function rcodeName(value: number): Rcode {
  return rcodeNames[value] ?? `RCODE${value}`;
}

/** Record names and RDATA names: lower-case, no trailing dot; the root stays `.`. */
function normalizeName(name: string): string {
  if (name === '.' || name === '') {
    return '.';
  }
  return lowerAscii(name.endsWith('.') ? name.slice(0, -1) : name);
}

/** Header and EDNS choices of `encodeQuery`. */
export interface QueryFlags {
  /** CD=1: ask the resolver not to validate (doh.md §3.1). Default false. */
  checkingDisabled?: boolean;
  /** AD=1 in the query: ask for the AD bit without DNSSEC records (RFC 6840 §5.7). Default true. */
  authenticData?: boolean;
  /** Add an EDNS(0) OPT with DO=1 and UDP size 1232 (RFC 6891, RFC 3225). Default true. */
  dnssecOk?: boolean;
}

/**
 * Encode a DoH query (RFC 8484 §4.1): ID 0, RD=1, by default AD=1 and an EDNS(0) OPT with DO=1.
 * `name` must come from `normalizeQueryName`.
 */
export function encodeQuery(
  name: string,
  type: RecordType,
  options: QueryFlags = {},
): Uint8Array<ArrayBuffer> {
  const flags =
    flagRD |
    (options.authenticData === false ? 0 : flagAD) |
    (options.checkingDisabled === true ? flagCD : 0);
  // The codec's typings miss the OPT fields it reads (udpPayloadSize, flags, options).
  const opt = {
    type: 'OPT' as const,
    name: '.',
    udpPayloadSize: ednsUdpSize,
    flags: ednsDO,
    options: [],
    data: [],
  };
  const additionals = options.dnssecOk === false ? [] : [opt];
  return new Uint8Array(
    dnsPacket.encode({ type: 'query', id: 0, flags, questions: [{ type, name }], additionals }),
  );
}

/** What the structural walk learned about one RR. */
interface Frame {
  start: number;
  end: number;
  type: number;
  klass: number;
  ttl: number;
}

/** Offset after the name at `offset` (labels or a final pointer), or -1 when it runs past the end. */
function skipName(buf: Uint8Array, offset: number): number {
  let at = offset;
  for (;;) {
    const len = buf[at];
    if (len === undefined) {
      return -1;
    }
    if (len === 0) {
      return at + 1;
    }
    if ((len & 0xc0) === 0xc0) {
      return at + 2 <= buf.length ? at + 2 : -1;
    }
    if ((len & 0xc0) !== 0) {
      return -1;
    }
    at += len + 1;
  }
}

function u16(buf: Uint8Array, at: number): number {
  return ((buf[at] ?? 0) << 8) | (buf[at + 1] ?? 0);
}

function u32(buf: Uint8Array, at: number): number {
  return u16(buf, at) * 0x10000 + u16(buf, at + 2);
}

/**
 * Walk the RR framing ourselves: the codec reads past the end of short buffers and trusts fixed RDATA sizes, so
 * every RR must sit inside the message and every RDLENGTH must hold before anything is decoded.
 */
function frameRecords(
  buf: Uint8Array,
  offset: number,
  count: number,
): { frames: Frame[]; end: number } | string {
  const frames: Frame[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    const afterName = skipName(buf, at);
    if (afterName < 0 || afterName + 10 > buf.length) {
      return 'a resource record runs past the end of the message';
    }
    const rdlength = u16(buf, afterName + 8);
    const end = afterName + 10 + rdlength;
    if (end > buf.length) {
      return 'an RDATA runs past the end of the message';
    }
    // RFC 2181 §8: a TTL with the top bit set is treated as zero.
    const rawTtl = u32(buf, afterName + 4);
    frames.push({
      start: at,
      end,
      type: u16(buf, afterName),
      klass: u16(buf, afterName + 2),
      ttl: rawTtl > 0x7fffffff ? 0 : rawTtl,
    });
    at = end;
  }
  return { frames, end: at };
}

/** What the codec returns for the types we decode (it leaves TLSA RDATA as raw bytes). */
type DecodedAnswer =
  | { type: 'A' | 'AAAA' | 'CNAME' | 'NS'; data: string }
  | dnsPacket.MxAnswer
  | dnsPacket.SoaAnswer
  | dnsPacket.TxtAnswer
  | { type: 'TLSA'; data: Uint8Array };
const decodable = new Set<number>(Object.values(recordTypeNumbers));
const utf8 = new TextDecoder('utf-8');

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    out += byte.toString(16).padStart(2, '0');
  }
  return out;
}

/** Decode one RR into our record type; a string says why it is malformed. */
function decodeRecord(buf: Uint8Array, frame: Frame): DnsRecord | string {
  const owner = dnsPacket.name.decode(buf, frame.start);
  const name = normalizeName(owner);
  const { ttl } = frame;
  if (frame.klass !== classIN || !decodable.has(frame.type)) {
    return { name, ttl, type: 'OTHER', typeNumber: frame.type };
  }
  // Only called for the types in `decodable`, so the codec's answer is one of these.
  const rr = dnsPacket.answer.decode(buf, frame.start) as DecodedAnswer;
  // The codec decodes fixed-size RDATA (A, AAAA) without looking at RDLENGTH: insist it consumed exactly the RR.
  if ((dnsPacket.answer.decode as unknown as { bytes: number }).bytes !== frame.end - frame.start) {
    return `the RDATA of a type ${frame.type} record has the wrong length`;
  }
  switch (rr.type) {
    case 'A':
    case 'AAAA':
    case 'CNAME':
    case 'NS':
      return {
        name,
        ttl,
        type: rr.type,
        data: rr.type === 'A' || rr.type === 'AAAA' ? rr.data : normalizeName(rr.data),
      };
    case 'MX':
      return {
        name,
        ttl,
        type: 'MX',
        data: { preference: rr.data.preference ?? 0, exchange: normalizeName(rr.data.exchange) },
      };
    case 'SOA':
      return {
        name,
        ttl,
        type: 'SOA',
        data: { mname: normalizeName(rr.data.mname), minimum: rr.data.minimum ?? 0 },
      };
    case 'TXT': {
      // RFC 7208 §3.3 (and RFC 8461 §3.1, RFC 8460 §3): the strings of one RR are joined with nothing between them.
      const parts = (Array.isArray(rr.data) ? rr.data : [rr.data]).map((p) =>
        typeof p === 'string' ? new TextEncoder().encode(p) : p,
      );
      const strings = parts.map((p) => utf8.decode(p));
      const ascii = parts.every((p) => p.every((byte) => byte < 0x80));
      return { name, ttl, type: 'TXT', strings, text: strings.join(''), ascii };
    }
    case 'TLSA': {
      // The codec leaves TLSA RDATA as raw bytes: usage(8) selector(8) matching type(8) data (RFC 6698 §2.1).
      const raw = rr.data;
      if (raw.length < 3) {
        return 'a TLSA RDATA is shorter than 3 octets';
      }
      const data = {
        usage: raw[0] ?? 0,
        selector: raw[1] ?? 0,
        matchingType: raw[2] ?? 0,
        data: hex(raw.subarray(3)),
      };
      return { name, ttl, type: 'TLSA', data };
    }
  }
}

function decodeSection(buf: Uint8Array, frames: Frame[]): DnsRecord[] | string {
  const records: DnsRecord[] = [];
  for (const frame of frames) {
    const record = decodeRecord(buf, frame);
    if (typeof record === 'string') {
      return record;
    }
    records.push(record);
  }
  return records;
}

/** Decode a DNS response (or any message). Never throws: anything undecodable is `{ ok: false }`. */
export function decodeMessage(bytes: Uint8Array): DecodedMessage {
  try {
    return decodeUnsafe(bytes);
  } catch (error) {
    return {
      ok: false,
      message: `undecodable DNS message: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function decodeUnsafe(buf: Uint8Array): DecodedMessage {
  if (buf.length < 12) {
    return { ok: false, message: 'a DNS message is at least 12 octets long' };
  }
  const flags = u16(buf, 2);
  const counts = [u16(buf, 4), u16(buf, 6), u16(buf, 8), u16(buf, 10)] as const;
  const questions: DnsQuestion[] = [];
  let at = 12;
  for (let i = 0; i < counts[0]; i++) {
    const afterName = skipName(buf, at);
    if (afterName < 0 || afterName + 4 > buf.length) {
      return { ok: false, message: 'the question runs past the end' };
    }
    questions.push({ name: normalizeName(dnsPacket.name.decode(buf, at)), type: u16(buf, afterName) });
    at = afterName + 4;
  }
  const sections: Frame[][] = [];
  for (const count of counts.slice(1)) {
    const framed = frameRecords(buf, at, count);
    if (typeof framed === 'string') {
      return { ok: false, message: framed };
    }
    sections.push(framed.frames);
    at = framed.end;
  }
  const [answerFrames = [], authorityFrames = [], additionalFrames = []] = sections;
  const answers = decodeSection(buf, answerFrames);
  if (typeof answers === 'string') {
    return { ok: false, message: answers };
  }
  const authorities = decodeSection(buf, authorityFrames);
  if (typeof authorities === 'string') {
    return { ok: false, message: authorities };
  }
  // The OPT TTL field carries the upper 8 bits of a 12-bit RCODE (RFC 6891 §6.1.3).
  const opt = additionalFrames.find((frame) => frame.type === typeOPT);
  const extended = opt === undefined ? 0 : u32(buf, skipName(buf, opt.start) + 4) >>> 24;
  const message: DnsMessage = {
    id: u16(buf, 0),
    qr: (flags & flagQR) !== 0,
    opcode: (flags >> 11) & 0x0f,
    aa: (flags & flagAA) !== 0,
    tc: (flags & flagTC) !== 0,
    rd: (flags & flagRD) !== 0,
    ra: (flags & flagRA) !== 0,
    ad: (flags & flagAD) !== 0,
    cd: (flags & flagCD) !== 0,
    rcode: rcodeName((extended << 4) | (flags & 0x0f)),
    questions,
    answers,
    authorities,
  };
  return { ok: true, message };
}

function typeName(type: number): string {
  const known = Object.entries(recordTypeNumbers).find(([, value]) => value === type);
  return known?.[0] ?? `UNKNOWN_${type}`;
}

function fromHex(text: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/i.test(text)) {
    throw new TypeError(`not hex: ${text}`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  }
  return out;
}

function toPacketAnswer(record: DnsRecord): dnsPacket.Answer {
  const { name, ttl } = record;
  switch (record.type) {
    case 'A':
    case 'AAAA':
    case 'CNAME':
    case 'NS':
      return { type: record.type, name, ttl, data: record.data };
    case 'MX':
      return {
        type: 'MX',
        name,
        ttl,
        data: { preference: record.data.preference, exchange: record.data.exchange },
      };
    case 'SOA':
      // Our SOA keeps only MNAME and MINIMUM; the other fields are written as zero / root.
      return {
        type: 'SOA',
        name,
        ttl,
        data: { mname: record.data.mname, rname: '.', minimum: record.data.minimum },
      };
    case 'TXT': {
      const strings = record.strings.map((s) => new TextEncoder().encode(s));
      if (strings.some((s) => s.length > 255)) {
        throw new TypeError('a TXT character-string is longer than 255 octets');
      }
      return { type: 'TXT', name, ttl, data: strings };
    }
    case 'TLSA': {
      const { usage, selector, matchingType, data } = record.data;
      return {
        type: 'TLSA',
        name,
        ttl,
        data: new Uint8Array([usage, selector, matchingType, ...fromHex(data)]),
      };
    }
    case 'OTHER':
      throw new TypeError(`cannot encode a record of type ${record.typeNumber} without its RDATA`);
  }
}

/**
 * Encode a whole message (used for recorded responses in tests and by fake DoH servers). Throws a TypeError for
 * records it cannot represent (`OTHER`, TXT strings over 255 octets, bad hex).
 */
export function encodeMessage(message: DnsMessage): Uint8Array {
  const rcode = Number(/^RCODE(\d+)$/.exec(message.rcode)?.[1] ?? rcodeNames.indexOf(message.rcode));
  if (rcode > 15) {
    throw new TypeError('extended RCODEs are not encoded');
  }
  const flags =
    (message.opcode << 11) |
    (message.aa ? flagAA : 0) |
    (message.tc ? flagTC : 0) |
    (message.rd ? flagRD : 0) |
    (message.ra ? flagRA : 0) |
    (message.ad ? flagAD : 0) |
    (message.cd ? flagCD : 0) |
    rcode;
  return dnsPacket.encode({
    type: message.qr ? 'response' : 'query',
    id: message.id,
    flags,
    questions: message.questions.map((q) => ({
      name: q.name,
      type: typeName(q.type),
    })),
    answers: message.answers.map(toPacketAnswer),
    authorities: message.authorities.map(toPacketAnswer),
  });
}
