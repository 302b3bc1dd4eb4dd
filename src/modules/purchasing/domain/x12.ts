/**
 * A small, strict ASC X12 tokenizer and writer. Separators come from the ISA segment (fixed length: the
 * element separator is its 4th character, the component separator its 105th, the segment terminator its
 * 106th); the envelopes are checked as they are read: ISA/IEA, GS/GE and ST/SE nest properly, IEA01, GE01
 * and SE01 count what they close, and each trailer repeats its header's control number. Every problem is a
 * 422 `invalid_edi` naming the segment (tag and 1-based position in the document), the element (1-based)
 * when there is one, and why. Pure: no I/O.
 *
 * Written here rather than taken from npm: the maintained packages (node-x12, x12-parser) give loosely
 * typed trees and do not report envelope faults with positions, and `domain/` may import no package.
 */
import { unprocessable } from '../../../kernel/errors.js';

export interface X12Separators {
  element: string;
  component: string;
  segment: string;
}

export interface X12Segment {
  tag: string;
  /** Elements after the tag: elements[0] is element 01. */
  elements: string[];
  /** 1-based position of the segment in the document. */
  position: number;
}

export interface X12Transaction {
  code: string;
  control: string;
  /** The segments between ST and SE (both excluded). */
  segments: X12Segment[];
  position: number;
}

export interface X12Group {
  functionalId: string;
  sender: string;
  receiver: string;
  date: string;
  time: string;
  control: string;
  version: string;
  transactions: X12Transaction[];
}

export interface X12Interchange {
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  date: string;
  time: string;
  version: string;
  control: string;
  usage: string;
  groups: X12Group[];
}

export interface X12Document {
  separators: X12Separators;
  interchanges: X12Interchange[];
}

export interface EdiProblem {
  segment: string;
  position: number;
  element?: number;
  reason: string;
}

/** The 422 every EDI fault becomes; the details say where. */
export function ediError(problem: EdiProblem) {
  const where = `${problem.segment} (segment ${problem.position})${
    problem.element === undefined ? '' : `, element ${String(problem.element).padStart(2, '0')}`
  }`;
  return unprocessable('invalid_edi', `Invalid EDI at ${where}: ${problem.reason}.`, { ...problem });
}

/** Widths of ISA01..ISA16: the segment has a fixed length of 106 characters with its terminator. */
const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1] as const;
export const ISA_LENGTH = 106;

/** Element (1-based) of a segment, '' when absent. */
export const el = (s: X12Segment, n: number): string => s.elements[n - 1] ?? '';

/** Splits a document into segments, with the separators its ISA declares. */
export function tokenizeX12(input: string): { separators: X12Separators; segments: X12Segment[] } {
  const text = input.replace(/^\uFEFF/, '').replace(/^\s+/, '');
  if (!text.startsWith('ISA')) {
    throw ediError({
      segment: text.slice(0, 3) || '(empty)',
      position: 1,
      reason: 'an X12 document starts with an ISA segment',
    });
  }
  if (text.length < ISA_LENGTH) {
    throw ediError({
      segment: 'ISA',
      position: 1,
      reason: `the ISA segment is ${ISA_LENGTH} characters long; the document has only ${text.length}`,
    });
  }
  const element = text[3]!;
  const component = text[104]!;
  const segment = text[105]!;
  if (/[A-Za-z0-9 ]/.test(element) || /[A-Za-z0-9]/.test(segment) || element === segment) {
    throw ediError({ segment: 'ISA', position: 1, reason: 'the separators in ISA are not usable' });
  }
  const isaParts = text.slice(0, 105).split(element);
  if (isaParts.length !== 17) {
    throw ediError({
      segment: 'ISA',
      position: 1,
      reason: `ISA must have 16 elements in ${ISA_LENGTH} characters; found ${isaParts.length - 1} (is the segment ${ISA_LENGTH} characters long?)`,
    });
  }
  for (let i = 0; i < ISA_WIDTHS.length; i++) {
    const value = isaParts[i + 1]!;
    if (value.length !== ISA_WIDTHS[i]) {
      throw ediError({
        segment: 'ISA',
        position: 1,
        element: i + 1,
        reason: `ISA${String(i + 1).padStart(2, '0')} must be ${ISA_WIDTHS[i]} characters; it has ${value.length}`,
      });
    }
  }
  const separators = { element, component, segment };
  const segments: X12Segment[] = [];
  const raw = text.split(segment);
  for (const piece of raw) {
    // Line breaks after a terminator are layout, not data.
    const body = segment === '\n' ? piece.replace(/\r$/, '') : piece.replace(/^[\r\n]+/, '');
    if (body.trim() === '') continue;
    const position = segments.length + 1;
    const parts = body.split(element);
    const tag = parts[0]!;
    if (!/^[A-Z][A-Z0-9]{1,2}$/.test(tag)) {
      throw ediError({
        segment: tag.slice(0, 10) || '(empty)',
        position,
        reason: `"${tag.slice(0, 10)}" is not a segment tag (2 or 3 capitals and digits)`,
      });
    }
    segments.push({ tag, elements: parts.slice(1), position });
  }
  return { separators, segments };
}

function expectTag(s: X12Segment | undefined, tags: string[], after: X12Segment): X12Segment {
  if (s === undefined) {
    throw ediError({
      segment: after.tag,
      position: after.position,
      reason: `the document ends here; ${tags.join(' or ')} expected`,
    });
  }
  if (!tags.includes(s.tag)) {
    throw ediError({
      segment: s.tag,
      position: s.position,
      reason: `${tags.join(' or ')} expected here, not ${s.tag}`,
    });
  }
  return s;
}

function countMatches(s: X12Segment, n: number, expected: number, what: string): void {
  const value = el(s, n);
  if (!/^[0-9]+$/.test(value) || Number(value) !== expected) {
    throw ediError({
      segment: s.tag,
      position: s.position,
      element: n,
      reason: `says ${value || '(nothing)'} ${what}; there are ${expected}`,
    });
  }
}

function controlMatches(s: X12Segment, n: number, expected: string, header: string): void {
  const value = el(s, n);
  if (value.trim() !== expected.trim()) {
    throw ediError({
      segment: s.tag,
      position: s.position,
      element: n,
      reason: `control number ${value || '(nothing)'} does not match ${header}'s ${expected}`,
    });
  }
}

/** Parses a whole document: every interchange, group and transaction set, envelopes checked. */
export function parseX12(input: string): X12Document {
  const { separators, segments } = tokenizeX12(input);
  const interchanges: X12Interchange[] = [];
  let i = 0;
  const next = () => segments[i++];
  // Where a truncated document is reported: its last segment.
  const end = segments[segments.length - 1]!;
  while (i < segments.length) {
    const isa = expectTag(next(), ['ISA'], end);
    const ic: X12Interchange = {
      senderQualifier: el(isa, 5),
      senderId: el(isa, 6).trim(),
      receiverQualifier: el(isa, 7),
      receiverId: el(isa, 8).trim(),
      date: el(isa, 9),
      time: el(isa, 10),
      version: el(isa, 12),
      control: el(isa, 13),
      usage: el(isa, 15),
      groups: [],
    };
    if (isa.position !== 1 && isa.elements.length !== 16) {
      throw ediError({ segment: 'ISA', position: isa.position, reason: 'ISA must have 16 elements' });
    }
    for (;;) {
      const s = expectTag(next(), ['GS', 'IEA'], end);
      if (s.tag === 'IEA') {
        countMatches(s, 1, ic.groups.length, 'functional groups');
        controlMatches(s, 2, ic.control, 'ISA13');
        break;
      }
      const group: X12Group = {
        functionalId: el(s, 1),
        sender: el(s, 2),
        receiver: el(s, 3),
        date: el(s, 4),
        time: el(s, 5),
        control: el(s, 6),
        version: el(s, 8),
        transactions: [],
      };
      if (s.elements.length < 8) {
        throw ediError({ segment: 'GS', position: s.position, reason: 'GS must have 8 elements' });
      }
      for (;;) {
        const t = expectTag(next(), ['ST', 'GE'], end);
        if (t.tag === 'GE') {
          countMatches(t, 1, group.transactions.length, 'transaction sets');
          controlMatches(t, 2, group.control, 'GS06');
          break;
        }
        const body: X12Segment[] = [];
        for (;;) {
          const b = next();
          if (b === undefined) {
            throw ediError({
              segment: 'ST',
              position: t.position,
              reason: 'the transaction set is not closed by SE',
            });
          }
          if (['ISA', 'IEA', 'GS', 'GE', 'ST'].includes(b.tag)) {
            throw ediError({ segment: b.tag, position: b.position, reason: `SE expected before ${b.tag}` });
          }
          if (b.tag === 'SE') {
            countMatches(b, 1, body.length + 2, 'segments (ST to SE)');
            controlMatches(b, 2, el(t, 2), 'ST02');
            break;
          }
          body.push(b);
        }
        group.transactions.push({ code: el(t, 1), control: el(t, 2), segments: body, position: t.position });
      }
      ic.groups.push(group);
    }
    interchanges.push(ic);
  }
  return { separators, interchanges };
}

export interface X12Envelope {
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** YYYYMMDD and HHMM. */
  date: string;
  time: string;
  control: number;
  usage: 'P' | 'T';
  functionalId: string;
  transactionCode: string;
}

export const DEFAULT_SEPARATORS: X12Separators = { element: '*', component: '>', segment: '~' };

/**
 * Writes one interchange holding one group with one transaction set (body = segments between ST and SE).
 * Values must not contain a separator (the caller cleans free text): it refuses rather than corrupt.
 */
export function writeX12(
  env: X12Envelope,
  body: { tag: string; elements: string[] }[],
  sep: X12Separators = DEFAULT_SEPARATORS,
): string {
  const bad = new RegExp(`[${[sep.element, sep.component, sep.segment].map((c) => `\\${c}`).join('')}]`);
  for (const s of body) {
    for (const e of s.elements) {
      if (bad.test(e)) throw new RangeError(`element of ${s.tag} contains a separator: ${e}`);
    }
  }
  const pad = (v: string, n: number) => v.slice(0, n).padEnd(n, ' ');
  const control9 = String(env.control).padStart(9, '0');
  const isa = [
    'ISA',
    '00',
    pad('', 10),
    '00',
    pad('', 10),
    pad(env.senderQualifier, 2),
    pad(env.senderId, 15),
    pad(env.receiverQualifier, 2),
    pad(env.receiverId, 15),
    env.date.slice(2, 8),
    env.time,
    'U',
    '00401',
    control9,
    '0',
    env.usage,
    sep.component,
  ].join(sep.element);
  const groupControl = String(env.control);
  const segs: string[][] = [
    ['GS', env.functionalId, env.senderId, env.receiverId, env.date, env.time, groupControl, 'X', '004010'],
    ['ST', env.transactionCode, '0001'],
    ...body.map((s) => [s.tag, ...trimTrailingEmpty(s.elements)]),
    ['SE', String(body.length + 2), '0001'],
    ['GE', '1', groupControl],
    ['IEA', '1', control9],
  ];
  return `${isa}${sep.segment}\n${segs.map((s) => s.join(sep.element) + sep.segment).join('\n')}\n`;
}

function trimTrailingEmpty(elements: string[]): string[] {
  let n = elements.length;
  while (n > 0 && elements[n - 1] === '') n--;
  return elements.slice(0, n);
}
