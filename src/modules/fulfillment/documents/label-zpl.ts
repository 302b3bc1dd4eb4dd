/**
 * The parcel label as ZPL II for a 4×6 in thermal label at 203 dpi (812 × 1218 dots): ship-from and
 * ship-to, carrier and service, tracking number (Code 128), order reference, parcel n of m, weight, and the
 * SSCC as a GS1-128 barcode with AI (00) over its human-readable text. Pure string building.
 *
 * Choices:
 * - GS1-128 is written as `^BCN,h,N,N,N,N^FD>;>800<sscc>^FS`: Code 128 in mode N, started in subset C
 *   (`>;`), then FNC1 (`>8`), then the AI and the 18 digits — 20 digits, an even count, so the whole
 *   symbol stays in subset C. It is the encoding the Zebra programming guide gives for SSCCs on any
 *   firmware. Mode D (UCC/EAN) would also emit FNC1 but computes and appends the Mod-10 check digit
 *   itself, so sending our 18 digits would add a 19th; mode U pads to 19 digits. The printer's
 *   interpretation line is off and we print "(00) …" ourselves, as GS1 wants it, with parentheses.
 * - X-dimension 4 dots = 0.5 mm and bar height 254 dots ≈ 31.75 mm: the GS1 logistic-label minimums
 *   (X ≥ 0.495 mm, height ≥ 31.75 mm) at 203 dpi.
 * - All field data goes through `^FH_` hex escapes: `^`, `~` and `_` and every non-ASCII byte become
 *   `_XX`, so user data can neither end a field nor start a command, and the file is pure ASCII that no
 *   spooler can re-encode. With `^CI28` the escaped bytes are read as UTF-8, so "Müller", "Straße" print.
 *   Control characters are replaced by spaces.
 */
import { formatSscc, isValidSscc } from '../../../kernel/sscc.js';

export interface LabelAddress {
  name: string;
  company?: string | null;
  line1: string;
  line2?: string | null;
  city: string;
  region?: string | null;
  postalCode?: string | null;
  /** ISO 3166-1 alpha-2 code, printed as given. */
  country: string;
  phone?: string | null;
}

export interface ParcelLabel {
  sscc: string;
  parcelNo: number;
  parcelCount: number;
  weightGrams: number;
  shipFrom: LabelAddress;
  shipTo: LabelAddress;
  carrier: string;
  service: string | null;
  trackingNumber: string | null;
  /** The order's reference as the customer knows it (channel external id). */
  orderRef: string;
  shipmentId: string;
  cartonType?: string | null;
  /** ISO date or date-time; printed as its date part. */
  shippedAt?: string | null;
  /** GS1 company prefix length (7–10), to group the SSCC's readable text; without it the digits are one run. */
  ssccPrefixLength?: number | null;
}

/** Label width and length in dots (4 × 6 in at 203 dpi). */
export const LABEL_WIDTH_DOTS = 812;
export const LABEL_LENGTH_DOTS = 1218;
const MARGIN = 30;
const CONTENT_WIDTH = LABEL_WIDTH_DOTS - 2 * MARGIN;

/** NFC, control characters as spaces, runs of spaces collapsed: what any label or slip may print. */
export function cleanText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return value
    .normalize('NFC')
    .replace(/[\p{Cc}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Cuts to `max` code points (never inside a surrogate pair), marking the cut with "…". */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Grams as kilograms, integer maths, no trailing zeros: 1250 → "1.25 kg", 1000 → "1 kg". */
export function formatWeight(grams: number): string {
  const kg = Math.floor(grams / 1000);
  const rest = String(grams % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return rest ? `${kg}.${rest} kg` : `${kg} kg`;
}

const CITY_FIRST = new Set(['US', 'CA', 'AU']);

/**
 * The printed lines of an address, blank parts left out. The city line follows the destination's habit:
 * "City REGION POSTCODE" for the US, Canada and Australia, "City" then the postcode on its own line for the
 * UK, "POSTCODE City" elsewhere (most of Europe).
 */
export function addressLines(a: LabelAddress): string[] {
  const country = cleanText(a.country).toUpperCase();
  const city = cleanText(a.city);
  const region = cleanText(a.region);
  const postal = cleanText(a.postalCode);
  const lines = [cleanText(a.name), cleanText(a.company), cleanText(a.line1), cleanText(a.line2)];
  if (CITY_FIRST.has(country)) {
    lines.push([city, region, postal].filter(Boolean).join(' '));
  } else if (country === 'GB') {
    lines.push(city, region, postal);
  } else {
    lines.push([postal, city].filter(Boolean).join(' '), region);
  }
  lines.push(country);
  return lines.filter((l) => l.length > 0);
}

/** Field data for `^FH_^FD…^FS`: `_`, `^`, `~` and every byte outside printable ASCII as `_XX` (UTF-8). */
export function zplFieldData(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const isPlain = byte >= 0x20 && byte <= 0x7e && byte !== 0x5f && byte !== 0x5e && byte !== 0x7e;
    out += isPlain ? String.fromCharCode(byte) : `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A text field in font 0 (scalable) at height h dots; the text is cleaned, cut to fit and escaped. */
function textField(x: number, y: number, h: number, text: string, maxWidth = CONTENT_WIDTH): string {
  // Font 0 averages about 0.6 h per character; a conservative cut beats text running off the label.
  const maxChars = Math.max(1, Math.floor(maxWidth / (h * 0.6)));
  return `^FO${x},${y}^A0N,${h},${h}^FH_^FD${zplFieldData(truncate(cleanText(text), maxChars))}^FS`;
}

/** Largest height in [minH, maxH] at which the text fits the width (font 0, ~0.6 h per character). */
function fittingHeight(text: string, maxH: number, minH: number, maxWidth = CONTENT_WIDTH): number {
  const length = Array.from(cleanText(text)).length || 1;
  return Math.max(minH, Math.min(maxH, Math.floor(maxWidth / (length * 0.6))));
}

const box = (x: number, y: number, w: number, h: number, t: number) => `^FO${x},${y}^GB${w},${h},${t}^FS`;

/**
 * Code 128 field data with Zebra invocation codes: digit runs of four or more go in subset C (two digits
 * per symbol; an odd run leaves its first digit in B), everything else in subset B, where `>` is written
 * `><`. Returns the data and the symbol width in modules (quiet zones excluded) to size and centre it.
 */
export function code128Zpl(data: string): { fieldData: string; modules: number } {
  const runs = data.match(/[0-9]+|[^0-9]+/g) ?? [];
  let fieldData = '';
  let symbols = 0;
  let subset: 'B' | 'C' | null = null;
  const switchTo = (next: 'B' | 'C') => {
    if (subset === next) return;
    if (subset === null) fieldData += next === 'B' ? '>:' : '>;';
    else fieldData += next === 'B' ? '>6' : '>5';
    if (subset !== null) symbols += 1;
    subset = next;
  };
  for (const run of runs) {
    const isDigits = /^[0-9]/.test(run);
    if (isDigits && run.length >= 4) {
      const odd = run.length % 2;
      if (odd) {
        switchTo('B');
        fieldData += run[0];
        symbols += 1;
      }
      switchTo('C');
      fieldData += run.slice(odd);
      symbols += (run.length - odd) / 2;
    } else {
      switchTo('B');
      fieldData += run.replaceAll('>', '><');
      symbols += run.length;
    }
  }
  // start + data symbols + check symbol = 11 modules each; stop = 13.
  return { fieldData, modules: 11 * (symbols + 2) + 13 };
}

/** Code 128 can carry printable ASCII only; anything else is printed as text without a barcode. */
export const isCode128Printable = (s: string) => /^[\x20-\x7e]{1,48}$/.test(s);

function code128Field(y: number, heightDots: number, data: string): string {
  const { fieldData, modules } = code128Zpl(data);
  const narrow = Math.max(1, Math.min(3, Math.floor(CONTENT_WIDTH / (modules + 20))));
  const x = Math.max(MARGIN, Math.floor((LABEL_WIDTH_DOTS - modules * narrow) / 2));
  return `^FO${x},${y}^BY${narrow}^BCN,${heightDots},N,N,N,N^FH_^FD${zplFieldData(fieldData)}^FS`;
}

/** Throws RangeError unless the SSCC is valid, 1 ≤ parcelNo ≤ parcelCount and the weight is whole grams. */
export function assertParcelLabel(label: ParcelLabel): void {
  if (!isValidSscc(label.sscc))
    throw new RangeError(`Parcel label needs a valid SSCC-18, got "${label.sscc}"`);
  const { parcelNo, parcelCount, weightGrams } = label;
  if (!Number.isSafeInteger(parcelCount) || parcelCount < 1 || !Number.isSafeInteger(parcelNo)) {
    throw new RangeError(`Parcel count must be a positive integer, got ${parcelCount}`);
  }
  if (parcelNo < 1 || parcelNo > parcelCount) {
    throw new RangeError(`Parcel number ${parcelNo} is outside 1..${parcelCount}`);
  }
  if (!Number.isSafeInteger(weightGrams) || weightGrams < 0) {
    throw new RangeError(`Parcel weight must be a non-negative integer of grams, got ${weightGrams}`);
  }
}

/** The SSCC's readable text: grouped when the company prefix length is known. */
export function ssccText(label: ParcelLabel): string {
  return formatSscc(label.sscc, label.ssccPrefixLength ?? undefined);
}

/** One `^XA … ^XZ` label. Throws RangeError on an invalid SSCC or parcel numbers. */
export function renderParcelLabelZpl(label: ParcelLabel): string {
  assertParcelLabel(label);
  const out: string[] = ['^XA', '^CI28', `^PW${LABEL_WIDTH_DOTS}`, `^LL${LABEL_LENGTH_DOTS}`, '^LH0,0'];

  // Ship-from, small, top left; parcel n of m and weight top right.
  out.push(textField(MARGIN, 28, 20, 'FROM', 200));
  addressLines(label.shipFrom)
    .slice(0, 6)
    .forEach((line, i) => {
      out.push(textField(MARGIN, 52 + i * 22, 20, line, 480));
    });
  out.push(textField(540, 28, 20, 'PARCEL', 240));
  const nOfM = `${label.parcelNo} of ${label.parcelCount}`;
  out.push(textField(540, 52, fittingHeight(nOfM, 56, 30, 242), nOfM, 242));
  out.push(textField(540, 118, 30, formatWeight(label.weightGrams), 242));
  out.push(box(MARGIN, 186, CONTENT_WIDTH, 3, 3));

  // Ship-to, large.
  out.push(textField(MARGIN, 198, 24, 'SHIP TO', 300));
  const to = addressLines(label.shipTo).slice(0, 7);
  let y = 228;
  to.forEach((line, i) => {
    const h = i === 0 ? fittingHeight(line, 44, 30) : i === to.length - 1 ? 40 : fittingHeight(line, 34, 26);
    out.push(textField(MARGIN, y, h, line));
    y += h + 6;
  });
  const phone = cleanText(label.shipTo.phone);
  if (phone) out.push(textField(MARGIN, Math.min(y, 472), 22, `Tel. ${phone}`));
  out.push(box(MARGIN, 502, CONTENT_WIDTH, 3, 3));

  // Carrier and references.
  const carrierLine = [label.carrier, label.service].map(cleanText).filter(Boolean).join(' · ');
  out.push(textField(MARGIN, 514, fittingHeight(carrierLine, 40, 26), carrierLine));
  out.push(textField(MARGIN, 564, 28, `Order ${label.orderRef}`));
  out.push(textField(MARGIN, 598, 22, `Shipment ${label.shipmentId}`));
  const extra = [
    label.cartonType ? `Carton ${cleanText(label.cartonType)}` : '',
    label.shippedAt ? `Shipped ${cleanText(label.shippedAt).slice(0, 10)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  if (extra) out.push(textField(MARGIN, 626, 22, extra));
  out.push(box(MARGIN, 656, CONTENT_WIDTH, 2, 2));

  // Tracking number: Code 128 when it can be encoded, always as text.
  const tracking = cleanText(label.trackingNumber);
  out.push(textField(MARGIN, 666, 22, 'TRACKING #', 300));
  if (tracking && isCode128Printable(tracking)) out.push(code128Field(694, 100, tracking));
  out.push(textField(MARGIN, 804, 30, tracking || '(not yet assigned)'));
  out.push(box(MARGIN, 844, CONTENT_WIDTH, 3, 3));

  // SSCC as GS1-128: start C, FNC1, AI 00, 18 digits. 156 modules × 4 dots = 624 dots, centred.
  out.push(textField(MARGIN, 852, 22, 'SSCC', 200));
  const ssccX = Math.floor((LABEL_WIDTH_DOTS - 156 * 4) / 2);
  out.push(`^FO${ssccX},878^BY4^BCN,254,N,N,N,N^FD>;>800${label.sscc}^FS`);
  const readable = ssccText(label);
  out.push(`^FO${ssccX},1142^A0N,40,32^FH_^FD${zplFieldData(readable)}^FS`);

  out.push('^PQ1', '^XZ');
  return out.join('\n') + '\n';
}

/** Several labels, one `^XA … ^XZ` format each, in order: what a print job for a shipment sends. */
export function renderParcelLabelsZpl(labels: readonly ParcelLabel[]): string {
  return labels.map(renderParcelLabelZpl).join('');
}
