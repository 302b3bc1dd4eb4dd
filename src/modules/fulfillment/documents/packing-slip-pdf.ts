/**
 * The packing slip that travels inside the first parcel: who ships to whom, the order and shipment
 * references, every line with its quantity and the parcels it is in, the parcels with their SSCCs, and a
 * Code 128 of the shipment id for the packing bench's scanner. A4, Helvetica (see label-pdf.ts for the
 * WinAnsi limit); the lines table runs over as many pages as it needs, repeating its header, and every
 * page says "page n of N".
 */
import PDFDocument from 'pdfkit';
import { formatSscc, isValidSscc } from '../../../kernel/sscc.js';
import {
  barcodePng,
  drawBarcode,
  fitText,
  type PdfOptions,
  PT_PER_MM,
  pdfBuffer,
  toWinAnsi,
} from './label-pdf.js';
import { addressLines, cleanText, formatWeight, isCode128Printable, type LabelAddress } from './label-zpl.js';

export interface PackingSlip {
  shipmentId: string;
  orderRef: string;
  orderId: string;
  channel: string;
  placedAt: string | null;
  shipFrom: LabelAddress;
  shipTo: LabelAddress | null;
  carrier: string | null;
  service: string | null;
  trackingNumber: string | null;
  lines: { sku: string; name: string; qty: number; gtin?: string | null; parcelNos?: number[] }[];
  parcels: { parcelNo: number; sscc: string; weightGrams: number; cartonType: string | null }[];
  notes?: string | null;
}

const A4: [number, number] = [595.28, 841.89];
const M = 40;
const W = A4[0] - 2 * M;
const BOTTOM = A4[1] - M - 18; // room for the footer
const ROW = 15;

/** Columns of the lines table: x offset from the margin and width, in points. */
const COLUMNS = {
  no: { x: 0, w: 26, title: '#' },
  sku: { x: 28, w: 110, title: 'SKU' },
  name: { x: 142, w: 220, title: 'Item' },
  gtin: { x: 366, w: 80, title: 'GTIN' },
  qty: { x: 448, w: 30, title: 'Qty' },
  parcels: { x: 482, w: W - 482, title: 'Parcels' },
} as const;

/**
 * Parcel numbers as short ranges: [1, 2, 3, 5] → "1–3, 5". Cut with "…" by the caller's column.
 */
export function formatParcelNos(parcelNos: readonly number[] | undefined): string {
  const sorted = [...new Set(parcelNos ?? [])].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    let end = start;
    while (sorted[i + 1] === end + 1) end = sorted[++i]!;
    parts.push(end === start ? String(start) : end === start + 1 ? `${start}, ${end}` : `${start}–${end}`);
  }
  return parts.join(', ');
}

function assertSlip(slip: PackingSlip): void {
  for (const line of slip.lines) {
    if (!Number.isSafeInteger(line.qty) || line.qty <= 0) {
      throw new RangeError(
        `Packing slip line ${line.sku} needs a positive integer quantity, got ${line.qty}`,
      );
    }
  }
  for (const parcel of slip.parcels) {
    if (!isValidSscc(parcel.sscc))
      throw new RangeError(`Parcel ${parcel.parcelNo} has an invalid SSCC "${parcel.sscc}"`);
  }
}

function label(doc: PDFKit.PDFDocument, text: string, x: number, y: number): void {
  fitText(doc, text, x, y, 200, { name: 'Helvetica-Bold', size: 7.5 });
}

function addressBlock(
  doc: PDFKit.PDFDocument,
  title: string,
  address: LabelAddress | null,
  x: number,
  y: number,
): number {
  label(doc, title, x, y);
  let bottom = y + 11;
  const lines = address ? addressLines(address) : ['(collected by the customer)'];
  if (address?.phone) lines.push(`Tel. ${cleanText(address.phone)}`);
  lines.slice(0, 8).forEach((line, i) => {
    fitText(doc, line, x, bottom, 240, {
      name: i === 0 ? 'Helvetica-Bold' : 'Helvetica',
      size: 10,
      minSize: 7,
    });
    bottom += 13;
  });
  return bottom;
}

function tableHeader(doc: PDFKit.PDFDocument, y: number): number {
  doc.save().rect(M, y, W, ROW).fill('#e6e6e6').restore();
  doc.fillColor('#000');
  for (const col of Object.values(COLUMNS)) {
    fitText(doc, col.title, M + col.x + 2, y + 4, col.w - 4, { name: 'Helvetica-Bold', size: 8 });
  }
  return y + ROW;
}

/**
 * One packing slip as a PDF buffer. Throws RangeError on a non-positive quantity or an invalid SSCC.
 * Title is the shipment id, Subject the order reference, Keywords the parcels' SSCCs.
 */
export async function renderPackingSlipPdf(slip: PackingSlip, options: PdfOptions = {}): Promise<Buffer> {
  assertSlip(slip);
  const shipmentId = cleanText(slip.shipmentId);
  const barcode = isCode128Printable(shipmentId) ? await barcodePng('code128', shipmentId) : null;
  const doc = new PDFDocument({
    size: A4,
    margin: M,
    bufferPages: true,
    info: {
      Title: `Packing slip ${shipmentId}`,
      Subject: `Order ${cleanText(slip.orderRef)}`,
      Keywords: [shipmentId, ...slip.parcels.map((p) => p.sscc)].join(' '),
      Creator: 'Coulisse',
      ...(options.createdAt ? { CreationDate: options.createdAt } : {}),
    },
  });
  const done = pdfBuffer(doc);
  doc.fillColor('#000');

  // Header: title left, shipment barcode right.
  fitText(doc, 'PACKING SLIP', M, M, 250, { name: 'Helvetica-Bold', size: 20 });
  fitText(doc, `Order ${slip.orderRef}`, M, M + 26, 300, { name: 'Helvetica-Bold', size: 12, minSize: 8 });
  if (barcode) {
    drawBarcode(doc, barcode, {
      x: M + W - 200,
      y: M,
      maxWidth: 200,
      height: 34,
      moduleWidth: 0.3 * PT_PER_MM,
    });
  }
  fitText(doc, shipmentId, M + W - 200, M + 38, 200, { name: 'Helvetica', size: 8 });

  // References.
  const refs: [string, string][] = [
    ['Order', cleanText(slip.orderRef)],
    ['Order id', cleanText(slip.orderId)],
    ['Channel', cleanText(slip.channel)],
    ['Placed', cleanText(slip.placedAt).slice(0, 10) || '-'],
    ['Shipment', shipmentId],
    ['Carrier', [slip.carrier, slip.service].map(cleanText).filter(Boolean).join(' · ') || '-'],
    ['Tracking', cleanText(slip.trackingNumber) || '-'],
  ];
  let y = M + 62;
  refs.forEach(([key, value], i) => {
    const x = M + (i % 2) * (W / 2);
    const rowY = y + Math.floor(i / 2) * 13;
    fitText(doc, key, x, rowY, 60, { name: 'Helvetica-Bold', size: 8.5 });
    fitText(doc, value, x + 62, rowY, W / 2 - 66, { name: 'Helvetica', size: 8.5, minSize: 6.5 });
  });
  y += Math.ceil(refs.length / 2) * 13 + 12;

  // Addresses.
  const fromBottom = addressBlock(doc, 'SHIP FROM', slip.shipFrom, M, y);
  const toBottom = addressBlock(doc, 'SHIP TO', slip.shipTo, M + W / 2, y);
  y = Math.max(fromBottom, toBottom) + 14;

  // Lines, paginated; the header row repeats on each page.
  label(doc, `ITEMS (${slip.lines.length} line${slip.lines.length === 1 ? '' : 's'})`, M, y);
  y = tableHeader(doc, y + 11);
  let totalQty = 0;
  slip.lines.forEach((line, index) => {
    if (y + ROW > BOTTOM) {
      doc.addPage();
      doc.fillColor('#000');
      fitText(doc, `Packing slip ${shipmentId} — items, continued`, M, M, W, {
        name: 'Helvetica-Bold',
        size: 9,
      });
      y = tableHeader(doc, M + 16);
    }
    if (index % 2 === 1) doc.save().rect(M, y, W, ROW).fill('#f5f5f5').restore().fillColor('#000');
    const cells: [keyof typeof COLUMNS, string][] = [
      ['no', String(index + 1)],
      ['sku', line.sku],
      ['name', line.name],
      ['gtin', line.gtin ?? ''],
      ['qty', String(line.qty)],
      ['parcels', formatParcelNos(line.parcelNos)],
    ];
    for (const [key, value] of cells) {
      const col = COLUMNS[key];
      fitText(doc, value, M + col.x + 2, y + 4, col.w - 4, {
        name: key === 'qty' ? 'Helvetica-Bold' : 'Helvetica',
        size: 8.5,
        minSize: 7,
      });
    }
    totalQty += line.qty;
    y += ROW;
  });
  doc
    .moveTo(M, y)
    .lineTo(M + W, y)
    .lineWidth(0.5)
    .stroke();
  fitText(doc, `Total units ${totalQty}`, M + COLUMNS.gtin.x + 2, y + 4, 150, {
    name: 'Helvetica-Bold',
    size: 8.5,
  });
  y += ROW + 10;

  // Parcels with their SSCCs (and notes), on a new page when they do not fit.
  const parcelsHeight = 11 + ROW * (slip.parcels.length + 1) + (slip.notes ? 40 : 0);
  if (y + Math.min(parcelsHeight, 120) > BOTTOM) {
    doc.addPage();
    y = M;
  }
  label(doc, `PARCELS (${slip.parcels.length})`, M, y);
  y += 11;
  const parcelCols = [0, 60, 260, 360];
  const drawParcelHeader = () => {
    ['Parcel', 'SSCC', 'Weight', 'Carton'].forEach((title, i) => {
      fitText(doc, title, M + parcelCols[i]! + 2, y + 4, 150, { name: 'Helvetica-Bold', size: 8 });
    });
    y += ROW;
  };
  drawParcelHeader();
  for (const parcel of slip.parcels) {
    if (y + ROW > BOTTOM) {
      doc.addPage();
      y = M;
      drawParcelHeader();
    }
    const cells = [
      `${parcel.parcelNo} of ${slip.parcels.length}`,
      formatSscc(parcel.sscc),
      formatWeight(parcel.weightGrams),
      parcel.cartonType ?? '',
    ];
    cells.forEach((value, i) => {
      fitText(doc, value, M + parcelCols[i]! + 2, y + 4, (parcelCols[i + 1] ?? W) - parcelCols[i]! - 4, {
        name: 'Helvetica',
        size: 8.5,
      });
    });
    y += ROW;
  }

  const notes = toWinAnsi(slip.notes);
  if (notes) {
    if (y + 40 > BOTTOM) {
      doc.addPage();
      y = M;
    }
    label(doc, 'NOTES', M, y + 8);
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(notes, M, y + 20, { width: W, height: BOTTOM - y - 20, ellipsis: true });
  }

  // Footer on every page, now that the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    fitText(
      doc,
      `${shipmentId} · order ${slip.orderRef} · page ${i + 1} of ${range.count}`,
      M,
      A4[1] - M - 8,
      W,
      {
        name: 'Helvetica',
        size: 7.5,
      },
    );
  }
  doc.end();
  return done;
}
