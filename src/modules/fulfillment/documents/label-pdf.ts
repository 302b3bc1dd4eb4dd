/**
 * Parcel labels as PDF, one 4×6 in page (288 × 432 pt) per parcel, for printers and carriers that take
 * PDF rather than ZPL. Same content as the ZPL label (label-zpl.ts). Barcodes are drawn by bwip-js (pure
 * JS, BWIPP's encoders, which also lint the GS1 element string, so a bad SSCC fails here rather than at
 * the carrier's scanner) as PNG and embedded; text uses PDFKit's built-in Helvetica, so no font file ships.
 *
 * The standard fonts only cover Windows-1252 (WinAnsi); PDFKit prints other characters as wrong glyphs
 * without complaint, so text goes through `toWinAnsi`: accents that WinAnsi lacks are dropped ("Ł" → "L",
 * "ő" → "o"), anything else becomes "?". A destination written in another script needs an embedded
 * Unicode font; the ZPL label (^CI28) has no such limit.
 *
 * The helpers below are shared with the packing slip (packing-slip-pdf.ts).
 */
import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';
import { gs1128Sscc } from '../../../kernel/sscc.js';
import {
  addressLines,
  assertParcelLabel,
  cleanText,
  formatWeight,
  type ParcelLabel,
  ssccText,
} from './label-zpl.js';

/** Typographic points per millimetre. */
export const PT_PER_MM = 72 / 25.4;

/** The characters of Windows-1252 between 0x80 and 0x9F; with ASCII and Latin-1 they make WinAnsi. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
/** Letters with no Unicode decomposition that still have an obvious Latin fallback. */
const FALLBACK: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ŧ: 'T',
  ŧ: 't',
  ĸ: 'k',
  Ŀ: 'L',
  ŀ: 'l',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '−': '-',
  '′': "'",
  '″': '"',
  '\u00a0': ' ',
};

const isWinAnsi = (c: string) => {
  const code = c.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(c);
};

/** Text that Helvetica with WinAnsi encoding shows as written, or as near as it can ("?" otherwise). */
export function toWinAnsi(value: string | null | undefined): string {
  let out = '';
  for (const c of cleanText(value)) {
    if (isWinAnsi(c)) out += c;
    else if (FALLBACK[c] !== undefined) out += FALLBACK[c];
    else {
      const base = c.normalize('NFD').replace(/\p{M}/gu, '');
      out += base.length > 0 && Array.from(base).every(isWinAnsi) ? base : '?';
    }
  }
  return out;
}

/** Collects a PDFKit document into one Buffer; call before `doc.end()`. */
export function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

export interface BarcodeImage {
  png: Buffer;
  /** Symbol width in modules, quiet zones excluded. */
  modules: number;
}

/** Pixels per module in the PNGs: enough for 300 dpi printers at the X-dimensions used here. */
const PX_PER_MODULE = 4;

/**
 * A barcode drawn by bwip-js without human-readable text (that is printed in Helvetica by the caller).
 * `bcid` is a BWIPP encoder name: 'gs1-128' takes bracketed AIs, 'code128' plain text.
 */
export async function barcodePng(bcid: 'gs1-128' | 'code128', text: string): Promise<BarcodeImage> {
  const png = await bwipjs.toBuffer({
    bcid,
    text,
    scale: PX_PER_MODULE,
    height: 10,
    includetext: false,
    paddingwidth: 0,
    paddingheight: 0,
  });
  // Width from the PNG header (IHDR: bytes 16–19, big-endian).
  return { png, modules: Math.round(png.readUInt32BE(16) / PX_PER_MODULE) };
}

/**
 * Places a barcode centred in [x, x + maxWidth] with the given X-dimension, narrowed when it would not
 * fit; returns the width drawn. The quiet zones (10 modules each side) are left as white page.
 */
export function drawBarcode(
  doc: PDFKit.PDFDocument,
  image: BarcodeImage,
  box: { x: number; y: number; maxWidth: number; height: number; moduleWidth: number },
): number {
  const moduleWidth = Math.min(box.moduleWidth, box.maxWidth / (image.modules + 20));
  const width = image.modules * moduleWidth;
  doc.image(image.png, box.x + (box.maxWidth - width) / 2, box.y, { width, height: box.height });
  return width;
}

/**
 * Writes one line of text at (x, y) in the given font, shrinking down to `minSize` and then cutting with
 * "…" so it never wraps or runs past `width`. Returns the font size used.
 */
export function fitText(
  doc: PDFKit.PDFDocument,
  value: string,
  x: number,
  y: number,
  width: number,
  font: { name: 'Helvetica' | 'Helvetica-Bold'; size: number; minSize?: number },
): number {
  let text = toWinAnsi(value);
  let size = font.size;
  doc.font(font.name);
  const minSize = font.minSize ?? font.size;
  while (size > minSize && doc.fontSize(size).widthOfString(text) > width) size -= 0.5;
  doc.fontSize(size);
  if (doc.widthOfString(text) > width) {
    const chars = Array.from(text);
    while (chars.length > 0 && doc.widthOfString(`${chars.join('')}…`) > width) chars.pop();
    text = `${chars.join('')}…`;
  }
  doc.text(text, x, y, { lineBreak: false });
  return size;
}

const PAGE_WIDTH = 4 * 72;
const PAGE_HEIGHT = 6 * 72;
const M = 14;
const W = PAGE_WIDTH - 2 * M;

function rule(doc: PDFKit.PDFDocument, y: number, thickness: number): void {
  doc.save().rect(M, y, W, thickness).fill('#000').restore();
}

interface LabelBarcodes {
  sscc: BarcodeImage;
  tracking: BarcodeImage | null;
}

function drawLabel(doc: PDFKit.PDFDocument, label: ParcelLabel, codes: LabelBarcodes): void {
  doc.addPage({ size: [PAGE_WIDTH, PAGE_HEIGHT], margin: 0 });
  doc.fillColor('#000');

  // Ship-from, small; parcel n of m and weight on the right.
  fitText(doc, 'FROM', M, 12, 150, { name: 'Helvetica-Bold', size: 6.5 });
  addressLines(label.shipFrom)
    .slice(0, 6)
    .forEach((line, i) => {
      fitText(doc, line, M, 21 + i * 8.5, 168, { name: 'Helvetica', size: 7.5, minSize: 6 });
    });
  fitText(doc, 'PARCEL', 192, 12, 82, { name: 'Helvetica-Bold', size: 6.5 });
  fitText(doc, `${label.parcelNo} of ${label.parcelCount}`, 192, 21, 82, {
    name: 'Helvetica-Bold',
    size: 20,
    minSize: 10,
  });
  fitText(doc, formatWeight(label.weightGrams), 192, 45, 82, { name: 'Helvetica', size: 11 });
  rule(doc, 76, 1.2);

  // Ship-to, large.
  fitText(doc, 'SHIP TO', M, 81, 150, { name: 'Helvetica-Bold', size: 7 });
  const to = addressLines(label.shipTo).slice(0, 7);
  let y = 91;
  to.forEach((line, i) => {
    const first = i === 0;
    const last = i === to.length - 1;
    const size = fitText(doc, line, M, y, W, {
      name: first || last ? 'Helvetica-Bold' : 'Helvetica',
      size: first ? 14 : last ? 12 : 10.5,
      minSize: 8,
    });
    y += size + 2.5;
  });
  const phone = cleanText(label.shipTo.phone);
  if (phone && y < 176) fitText(doc, `Tel. ${phone}`, M, y, W, { name: 'Helvetica', size: 7.5 });
  rule(doc, 186, 1.2);

  // Carrier and references.
  const carrierLine = [label.carrier, label.service].map(cleanText).filter(Boolean).join(' · ');
  fitText(doc, carrierLine, M, 191, W, { name: 'Helvetica-Bold', size: 12, minSize: 8 });
  fitText(doc, `Order ${label.orderRef}`, M, 206, W, { name: 'Helvetica', size: 9.5, minSize: 7 });
  fitText(doc, `Shipment ${label.shipmentId}`, M, 218, W, { name: 'Helvetica', size: 7.5, minSize: 6 });
  const extra = [
    label.cartonType ? `Carton ${cleanText(label.cartonType)}` : '',
    label.shippedAt ? `Shipped ${cleanText(label.shippedAt).slice(0, 10)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  if (extra) fitText(doc, extra, M, 227, W, { name: 'Helvetica', size: 7.5 });
  rule(doc, 237, 0.8);

  // Tracking number: Code 128 when there is one.
  fitText(doc, 'TRACKING #', M, 241, 150, { name: 'Helvetica-Bold', size: 6.5 });
  const tracking = cleanText(label.trackingNumber);
  if (codes.tracking) {
    drawBarcode(doc, codes.tracking, {
      x: M,
      y: 250,
      maxWidth: W,
      height: 34,
      moduleWidth: 0.33 * PT_PER_MM,
    });
  }
  fitText(doc, tracking || '(not yet assigned)', M, 287, W, {
    name: 'Helvetica',
    size: 9,
    minSize: 7,
  });
  rule(doc, 299, 1.2);

  // SSCC: GS1-128 at X = 0.5 mm and 31.75 mm high (GS1 logistic label minimums), readable text under it.
  fitText(doc, 'SSCC', M, 303, 150, { name: 'Helvetica-Bold', size: 6.5 });
  drawBarcode(doc, codes.sscc, {
    x: M,
    y: 311,
    maxWidth: W,
    height: 31.75 * PT_PER_MM,
    moduleWidth: 0.5 * PT_PER_MM,
  });
  const readable = ssccText(label);
  doc.font('Helvetica').fontSize(11);
  doc.text(readable, M + (W - doc.widthOfString(readable)) / 2, 404, { lineBreak: false });
}

export interface PdfOptions {
  /** Stamped as the PDF's CreationDate; pass the clock's time for reproducible output. */
  createdAt?: Date;
}

/**
 * All parcels of a shipment as one PDF, a page per label in the given order. Title is the shipment id
 * (of the first label), Keywords the SSCCs separated by spaces, so a file can be matched to its parcels.
 * Throws RangeError on an empty list or an invalid SSCC (bwip-js refuses a wrong check digit too).
 */
export async function renderParcelLabelsPdf(
  labels: readonly ParcelLabel[],
  options: PdfOptions = {},
): Promise<Buffer> {
  if (labels.length === 0) throw new RangeError('No parcel labels to render');
  labels.forEach(assertParcelLabel);
  const prepared = await Promise.all(
    labels.map(async (label) => {
      const tracking = cleanText(label.trackingNumber);
      return {
        label,
        codes: {
          sscc: await barcodePng('gs1-128', gs1128Sscc(label.sscc)),
          tracking: /^[\x20-\x7e]{1,48}$/.test(tracking) ? await barcodePng('code128', tracking) : null,
        },
      };
    }),
  );
  const shipmentIds = [...new Set(labels.map((l) => cleanText(l.shipmentId)))];
  const doc = new PDFDocument({
    autoFirstPage: false,
    info: {
      Title: shipmentIds.join(' '),
      Subject: `Parcel labels, ${labels.length} parcel${labels.length === 1 ? '' : 's'}`,
      Keywords: labels.map((l) => l.sscc).join(' '),
      Creator: 'Coulisse',
      ...(options.createdAt ? { CreationDate: options.createdAt } : {}),
    },
  });
  const done = pdfBuffer(doc);
  for (const { label, codes } of prepared) drawLabel(doc, label, codes);
  doc.end();
  return done;
}
