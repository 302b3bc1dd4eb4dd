/**
 * Reading back the PDFs Coulisse renders (labels, packing slips, purchase orders) in tests: the text of
 * every TJ operation of every content stream (inflated), and the page count.
 */
import { inflateSync } from 'node:zlib';

/** WinAnsiEncoding is Windows-1252: Latin-1 except for 0x80–0x9F (Node's TextDecoder reads latin1 as ISO-8859-1). */
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const winAnsi = (bytes: Buffer) =>
  Array.from(bytes, (b) => (b >= 0x80 && b < 0xa0 ? CP1252_80_9F[b - 0x80] : String.fromCharCode(b))).join(
    '',
  );

/** Text shown by a PDFKit document: every TJ operation of every (inflated) content stream, one per line. */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const texts: string[] = [];
  for (const m of raw.matchAll(/<<([\s\S]*?)>>\s*stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let body = pdf.subarray(start, end);
    if (m[1]!.includes('/FlateDecode')) {
      try {
        body = inflateSync(body);
      } catch {
        continue; // images and fonts are not text
      }
    }
    for (const op of body.toString('latin1').matchAll(/\[([^\]]*)\] TJ/g)) {
      const hex = [...op[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
      texts.push(winAnsi(Buffer.from(hex, 'hex')));
    }
  }
  return texts.join('\n');
}

export const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
