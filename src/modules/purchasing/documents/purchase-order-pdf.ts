/**
 * The purchase order as the supplier reads it: our number, the supplier and its terms, where to deliver
 * and by when, every line with our SKU, the supplier's code, quantity, unit cost and line total, and the
 * order total. A4, Helvetica (WinAnsi: characters outside it print as their base letter or "?"); the lines
 * table runs over as many pages as it needs, repeating its header, and every page says "page n of N".
 */
import PDFDocument from 'pdfkit';
import { formatMinor } from '../../../kernel/money.js';

export interface PurchaseOrderDocument {
  number: string;
  status: string;
  createdAt: string;
  expectedAt: string | null;
  currency: string;
  supplier: {
    code: string;
    name: string;
    email: string | null;
    address: Record<string, string> | null;
    paymentTerms: string | null;
  };
  shipTo: { code: string; name: string };
  lines: {
    lineNo: number;
    sku: string;
    name: string;
    supplierSku: string | null;
    qty: number;
    unitCostMinor: number;
    lineTotalMinor: number;
  }[];
  totalMinor: number;
  notes: string | null;
}

const A4: [number, number] = [595.28, 841.89];
const M = 40;
const W = A4[0] - 2 * M;
const BOTTOM = A4[1] - M - 18;
const ROW = 15;
const COLUMNS = {
  no: { x: 0, w: 22, title: '#', align: 'left' },
  sku: { x: 24, w: 100, title: 'SKU', align: 'left' },
  name: { x: 128, w: 150, title: 'Item', align: 'left' },
  supplierSku: { x: 282, w: 80, title: 'Your ref.', align: 'left' },
  qty: { x: 364, w: 40, title: 'Qty', align: 'right' },
  unit: { x: 408, w: 50, title: 'Unit cost', align: 'right' },
  total: { x: 462, w: W - 462, title: 'Total', align: 'right' },
} as const;

/** WinAnsi-safe text: accents kept where Helvetica has them, other characters reduced or "?". */
function ansi(value: string | null | undefined): string {
  return Array.from(value ?? '')
    .map((c) => {
      const code = c.codePointAt(0)!;
      if (code < 0x20) return ' ';
      if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return c;
      const base = c.normalize('NFD').replace(/\p{M}/gu, '');
      return base.length === 1 && base.codePointAt(0)! < 0x100 ? base : '?';
    })
    .join('');
}

export function purchaseOrderPdf(po: PurchaseOrderDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: A4,
    margin: M,
    bufferPages: true,
    info: {
      Title: `Purchase order ${po.number}`,
      Producer: 'Coulisse',
      CreationDate: new Date(po.createdAt),
    },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (minor: number) => formatMinor(minor, po.currency);

  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(`Purchase order ${ansi(po.number)}`, M, M);
  doc.font('Helvetica').fontSize(9);
  doc.text(
    `Date: ${po.createdAt.slice(0, 10)}    Status: ${po.status}    Currency: ${po.currency}${
      po.expectedAt ? `    Deliver by: ${po.expectedAt}` : ''
    }`,
  );
  const top = doc.y + 10;
  const a = po.supplier.address ?? {};
  const supplierLines = [
    po.supplier.name,
    `Supplier ${po.supplier.code}`,
    a.line1,
    a.line2,
    [a.postalCode, a.city].filter(Boolean).join(' '),
    a.country,
    po.supplier.email,
    po.supplier.paymentTerms ? `Terms: ${po.supplier.paymentTerms}` : null,
  ].filter((l): l is string => Boolean(l));
  doc.font('Helvetica-Bold').text('Supplier', M, top);
  doc.font('Helvetica').text(supplierLines.map(ansi).join('\n'), M, top + 12, { width: W / 2 - 10 });
  doc.font('Helvetica-Bold').text('Deliver to', M + W / 2, top);
  doc
    .font('Helvetica')
    .text(`${ansi(po.shipTo.name)}\nWarehouse ${ansi(po.shipTo.code)}`, M + W / 2, top + 12, {
      width: W / 2,
    });
  let y = Math.max(doc.y, top + 12 + supplierLines.length * 11) + 16;

  const header = () => {
    doc.font('Helvetica-Bold').fontSize(9);
    for (const c of Object.values(COLUMNS))
      doc.text(c.title, M + c.x, y, { width: c.w, align: c.align, lineBreak: false });
    y += ROW;
    doc
      .moveTo(M, y - 3)
      .lineTo(M + W, y - 3)
      .stroke();
    doc.font('Helvetica');
  };
  header();
  for (const l of po.lines) {
    if (y + ROW > BOTTOM) {
      doc.addPage();
      y = M;
      header();
    }
    const cells: Record<keyof typeof COLUMNS, string> = {
      no: String(l.lineNo),
      sku: ansi(l.sku),
      name: ansi(l.name),
      supplierSku: ansi(l.supplierSku ?? ''),
      qty: String(l.qty),
      unit: money(l.unitCostMinor),
      total: money(l.lineTotalMinor),
    };
    for (const [k, c] of Object.entries(COLUMNS)) {
      doc.text(cells[k as keyof typeof COLUMNS], M + c.x, y, {
        width: c.w,
        align: c.align,
        lineBreak: false,
        ellipsis: true,
        height: ROW,
      });
    }
    y += ROW;
  }
  if (y + 3 * ROW > BOTTOM) {
    doc.addPage();
    y = M;
  }
  doc
    .moveTo(M, y)
    .lineTo(M + W, y)
    .stroke();
  doc
    .font('Helvetica-Bold')
    .text(`Total ${po.currency} ${money(po.totalMinor)}`, M, y + 6, { width: W, align: 'right' });
  if (po.notes) doc.font('Helvetica').text(ansi(po.notes), M, y + 24, { width: W });

  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // The footer sits in the bottom margin; without this PDFKit would start a new page for it.
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(8)
      .text(`${ansi(po.number)} - page ${i + 1} of ${range.count}`, M, A4[1] - M - 10, {
        width: W,
        align: 'right',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
