/** The X12 tokenizer reads back whatever the writer produces, and refuses broken envelopes naming the segment, its position and the element. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../../kernel/errors.js';
import { parseX12, writeX12, type X12Envelope } from './x12.js';

const env: X12Envelope = {
  senderQualifier: 'ZZ',
  senderId: 'COULISSE',
  receiverQualifier: 'ZZ',
  receiverId: 'SUP1',
  date: '20261127',
  time: '1200',
  control: 42,
  usage: 'T',
  functionalId: 'PO',
  transactionCode: '850',
};

function problemOf(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (e) {
    if (isDomainError(e) && e.code === 'invalid_edi') return e.details;
    throw e;
  }
  throw new Error('expected invalid_edi');
}

const tag = fc
  .stringMatching(/^[A-Z][A-Z0-9]{1,2}$/)
  .filter((t) => !['ISA', 'IEA', 'GS', 'GE', 'ST', 'SE'].includes(t));
const value = fc.stringMatching(/^[A-Za-z0-9 .,:;/()#@!?=+-]{0,12}$/);
const segment = fc.record({ tag, elements: fc.array(value, { minLength: 1, maxLength: 8 }) });

describe('x12', () => {
  it('parses back any document the writer produces (segments, elements, envelope)', () => {
    fc.assert(
      fc.property(
        fc.array(segment, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 999_999_999 }),
        (body, control) => {
          const text = writeX12({ ...env, control }, body);
          const doc = parseX12(text);
          expect(doc.interchanges).toHaveLength(1);
          const ic = doc.interchanges[0]!;
          expect(ic.senderId).toBe('COULISSE');
          expect(Number(ic.control)).toBe(control);
          const t = ic.groups[0]!.transactions[0]!;
          expect(t.code).toBe('850');
          // Trailing empty elements are not written; compare without them.
          const trim = (e: string[]) => {
            const out = [...e];
            while (out.length > 0 && out[out.length - 1] === '') out.pop();
            return out;
          };
          expect(t.segments.map((s) => ({ tag: s.tag, elements: trim(s.elements) }))).toEqual(
            body.map((s) => ({ tag: s.tag, elements: trim(s.elements) })),
          );
        },
      ),
    );
  });

  it('reads separators from ISA (newline terminator, other element separator)', () => {
    const text = writeX12(env, [{ tag: 'BEG', elements: ['00', 'SA', 'X1'] }], {
      element: '|',
      component: '^',
      segment: '\n',
    });
    const doc = parseX12(`\uFEFF${text}`);
    expect(doc.separators).toEqual({ element: '|', component: '^', segment: '\n' });
    expect(doc.interchanges[0]!.groups[0]!.transactions[0]!.segments[0]!.elements).toEqual([
      '00',
      'SA',
      'X1',
    ]);
  });

  it('refuses what breaks the envelope, naming segment, position and element', () => {
    const good = writeX12(env, [{ tag: 'BEG', elements: ['00', 'SA', 'X1'] }]);
    expect(problemOf(() => parseX12(good.slice(1)))).toMatchObject({ position: 1 });
    expect(problemOf(() => parseX12(good.replace('*SUP1           *', '*SUP1          *')))).toMatchObject({
      segment: 'ISA',
      position: 1,
    });
    expect(problemOf(() => parseX12(good.replace('SE*3*0001', 'SE*4*0001')))).toMatchObject({
      segment: 'SE',
      position: 5,
      element: 1,
    });
    expect(problemOf(() => parseX12(good.replace('SE*3*0001', 'SE*3*0002')))).toMatchObject({
      segment: 'SE',
      element: 2,
    });
    expect(problemOf(() => parseX12(good.replace('GE*1*42', 'GE*2*42')))).toMatchObject({
      segment: 'GE',
      element: 1,
    });
    expect(problemOf(() => parseX12(good.replace('GE*1*42', 'GE*1*43')))).toMatchObject({
      segment: 'GE',
      element: 2,
    });
    expect(problemOf(() => parseX12(good.replace('IEA*1*000000042', 'IEA*1*000000041')))).toMatchObject({
      segment: 'IEA',
      element: 2,
    });
    expect(problemOf(() => parseX12(good.replace(/IEA.*\n$/, '')))).toMatchObject({ segment: 'GE' });
    expect(problemOf(() => parseX12(good.replace('BEG*', 'beg*')))).toMatchObject({ position: 4 });
    expect(problemOf(() => parseX12('hello world'))).toMatchObject({ position: 1 });
  });

  it('refuses to write a value holding a separator', () => {
    expect(() => writeX12(env, [{ tag: 'N1', elements: ['SE', 'A*B'] }])).toThrow(RangeError);
  });
});
