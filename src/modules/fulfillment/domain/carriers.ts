/**
 * Carrier adapters, pure: the services a carrier offers, what it charges for a set of parcels, and the
 * tracking number a parcel gets. Two kinds exist today: `manual` (the operator books the carrier outside
 * Coulisse and types the tracking number in) and `rate_table` (a price list by weight band, tracking
 * numbers derived from the parcel's SSCC). Adapters that call a carrier's API belong outside domain/.
 *
 * Weights are integer grams, dimensions integer millimetres, prices integer minor units of the table's
 * currency. Everything here is integer arithmetic.
 */
import { DomainError, type ErrorDetails } from '../../../kernel/errors.js';
import { CURRENCY_EXPONENTS } from '../../../kernel/money.js';
import { isValidSscc } from '../../../kernel/sscc.js';

export interface ParcelSpec {
  weightGrams: number;
  lengthMm?: number;
  widthMm?: number;
  heightMm?: number;
}

export interface RateBand {
  /** Inclusive upper bound of the band's chargeable weight. */
  maxWeightGrams: number;
  priceMinor: number;
}

export interface RateTable {
  /** The carrier's code, also the adapter's code (`dhl_paket`, `colissimo`). */
  carrier: string;
  /** Display name; defaults to the code. */
  name?: string;
  currency: string;
  services: { code: string; name: string; bands: RateBand[] }[];
  /** Volumetric divisor in cm³ per kg (5000 is common for parcels); when absent only actual weight counts. */
  volumetricDivisor?: number;
  /** Letters that start this carrier's tracking numbers; defaults to the code's first letters, upper-cased. */
  trackingPrefix?: string;
}

export interface Quote {
  carrier: string;
  service: string;
  priceMinor: number;
  currency: string;
  parcels: { chargeableGrams: number; priceMinor: number }[];
}

export interface CarrierAdapter {
  code: string;
  name: string;
  kind: 'manual' | 'rate_table';
  services(): { code: string; name: string }[];
  /** Null when the adapter has no rates (manual). */
  quote(service: string, parcels: ParcelSpec[]): Quote | null;
  /** Null when the operator enters the tracking number (manual). */
  trackingNumber(input: { service: string; sscc: string; parcelNo: number }): string | null;
}

export type CarrierErrorCode =
  | 'invalid_rate_table'
  | 'unknown_service'
  | 'parcel_too_heavy'
  | 'invalid_parcel'
  | 'invalid_sscc';

/**
 * A carrier refused the request. It is a DomainError of kind `unprocessable` (422) so that a command may
 * let it through unchanged; `code` is narrowed to the codes above and `details` carries the numbers.
 */
export class CarrierError extends DomainError {
  declare readonly code: CarrierErrorCode;
  constructor(code: CarrierErrorCode, message: string, details: ErrorDetails = {}) {
    super('unprocessable', code, message, details);
  }
}

/** The operator books the carrier by hand: one service, no rates, tracking number typed in afterwards. */
export function manualCarrier(): CarrierAdapter {
  return {
    code: 'manual',
    name: 'Manual (entered by the operator)',
    kind: 'manual',
    services: () => [{ code: 'manual', name: 'Manual' }],
    quote: () => null,
    trackingNumber: () => null,
  };
}

const isPositiveInt = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) > 0;
const isNonNegativeInt = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

function invalidTable(carrier: string, reason: string, details: ErrorDetails = {}): CarrierError {
  return new CarrierError('invalid_rate_table', `Rate table of ${carrier} is invalid: ${reason}.`, {
    carrier,
    reason,
    ...details,
  });
}

/**
 * Checks a rate table: a known currency, at least one service with distinct codes, bands with strictly
 * ascending positive integer weights and non-decreasing non-negative integer prices (a heavier parcel
 * never costs less, which the quote relies on), a positive integer volumetric divisor.
 * Throws CarrierError `invalid_rate_table` with `details.reason`.
 */
export function validateRateTable(table: RateTable): void {
  const carrier = table.carrier;
  if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(carrier) || carrier === 'manual') {
    throw invalidTable(String(carrier), 'carrier code must be lowercase letters, digits, _ or -');
  }
  if (CURRENCY_EXPONENTS[table.currency] === undefined) {
    throw invalidTable(carrier, 'unknown currency', { currency: table.currency });
  }
  if (table.volumetricDivisor !== undefined && !isPositiveInt(table.volumetricDivisor)) {
    throw invalidTable(carrier, 'volumetric divisor must be a positive integer', {
      volumetricDivisor: table.volumetricDivisor,
    });
  }
  if (table.trackingPrefix !== undefined && !/^[A-Z]{1,4}$/.test(table.trackingPrefix)) {
    throw invalidTable(carrier, 'tracking prefix must be 1 to 4 capital letters', {
      trackingPrefix: table.trackingPrefix,
    });
  }
  if (table.services.length === 0) throw invalidTable(carrier, 'no services');
  const seen = new Set<string>();
  for (const service of table.services) {
    if (service.code.length === 0 || seen.has(service.code)) {
      throw invalidTable(carrier, 'service codes must be non-empty and distinct', { service: service.code });
    }
    seen.add(service.code);
    if (service.bands.length === 0)
      throw invalidTable(carrier, 'service has no bands', { service: service.code });
    let previous: RateBand | undefined;
    for (const [index, band] of service.bands.entries()) {
      if (!isPositiveInt(band.maxWeightGrams) || !isNonNegativeInt(band.priceMinor)) {
        throw invalidTable(
          carrier,
          'band weights must be positive integers and prices non-negative integers',
          {
            service: service.code,
            band: index,
          },
        );
      }
      if (previous && band.maxWeightGrams <= previous.maxWeightGrams) {
        throw invalidTable(carrier, 'band weights must be strictly ascending', {
          service: service.code,
          band: index,
        });
      }
      if (previous && band.priceMinor < previous.priceMinor) {
        throw invalidTable(carrier, 'band prices must not decrease with weight', {
          service: service.code,
          band: index,
        });
      }
      previous = band;
    }
  }
}

/**
 * Chargeable weight of a parcel: the larger of its actual weight and its volumetric weight. With the
 * divisor D in cm³/kg, volumetric grams = L·W·H [mm³] / D (mm³/1000 = cm³, kg·1000 = g), rounded up to a
 * whole gram; computed with BigInt so no product of three dimensions loses precision.
 * Dimensions count only when all three are given.
 */
export function chargeableGrams(parcel: ParcelSpec, volumetricDivisor?: number): number {
  const { weightGrams, lengthMm, widthMm, heightMm } = parcel;
  if (!isPositiveInt(weightGrams)) {
    throw new CarrierError('invalid_parcel', 'A parcel weight must be a positive whole number of grams.', {
      weightGrams,
    });
  }
  for (const [field, value] of [
    ['lengthMm', lengthMm],
    ['widthMm', widthMm],
    ['heightMm', heightMm],
  ] as const) {
    if (value !== undefined && !isPositiveInt(value)) {
      throw new CarrierError('invalid_parcel', `A parcel ${field} must be a positive whole number of mm.`, {
        [field]: value,
      });
    }
  }
  if (
    volumetricDivisor === undefined ||
    lengthMm === undefined ||
    widthMm === undefined ||
    heightMm === undefined
  ) {
    return weightGrams;
  }
  const volume = BigInt(lengthMm) * BigInt(widthMm) * BigInt(heightMm);
  const divisor = BigInt(volumetricDivisor);
  const volumetric = (volume + divisor - 1n) / divisor;
  return volumetric > BigInt(weightGrams) ? Number(volumetric) : weightGrams;
}

/** Luhn (mod-10, weights 2/1 from the right) check digit: catches every single-digit error and most swaps. */
function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * A carrier priced by a weight-band table. Validates the table once, up front (CarrierError
 * `invalid_rate_table`). `quote` raises `unknown_service`, `invalid_parcel` and `parcel_too_heavy` (a parcel
 * whose chargeable weight is above the last band); the total is the exact sum of the parcels' prices.
 *
 * Tracking numbers are `<prefix><the SSCC's 17 data digits><Luhn digit>`: an SSCC is unique per parcel for
 * decades, so the tracking number is too, and the same parcel always gets the same one (re-printing a
 * label never invents a new number). The Luhn digit lets a mistyped or misread number be refused.
 */
export function rateTableCarrier(table: RateTable): CarrierAdapter {
  validateRateTable(table);
  const services = new Map(table.services.map((s) => [s.code, s]));
  const prefix =
    table.trackingPrefix ??
    table.carrier
      .replace(/[^a-z]/g, '')
      .slice(0, 2)
      .toUpperCase()
      .padEnd(2, 'X');

  function serviceOf(code: string) {
    const service = services.get(code);
    if (!service) {
      throw new CarrierError('unknown_service', `${table.carrier} has no service ${code}.`, {
        carrier: table.carrier,
        service: code,
        services: [...services.keys()],
      });
    }
    return service;
  }

  return {
    code: table.carrier,
    name: table.name ?? table.carrier,
    kind: 'rate_table',
    services: () => table.services.map((s) => ({ code: s.code, name: s.name })),
    quote(serviceCode, parcels) {
      const service = serviceOf(serviceCode);
      if (parcels.length === 0) {
        throw new CarrierError('invalid_parcel', 'A quote needs at least one parcel.', { parcels: 0 });
      }
      const quoted = parcels.map((parcel, index) => {
        const chargeable = chargeableGrams(parcel, table.volumetricDivisor);
        const band = service.bands.find((b) => chargeable <= b.maxWeightGrams);
        if (!band) {
          const maxWeightGrams = service.bands[service.bands.length - 1]?.maxWeightGrams;
          throw new CarrierError(
            'parcel_too_heavy',
            `Parcel ${index + 1} weighs ${chargeable} g chargeable; ${table.carrier} ${service.code} takes at most ${maxWeightGrams} g. Split it or choose another service.`,
            {
              carrier: table.carrier,
              service: service.code,
              parcel: index + 1,
              chargeableGrams: chargeable,
              maxWeightGrams,
            },
          );
        }
        return { chargeableGrams: chargeable, priceMinor: band.priceMinor };
      });
      const priceMinor = quoted.reduce((sum, p) => sum + p.priceMinor, 0);
      return {
        carrier: table.carrier,
        service: service.code,
        priceMinor,
        currency: table.currency,
        parcels: quoted,
      };
    },
    trackingNumber({ service, sscc }) {
      serviceOf(service);
      if (!isValidSscc(sscc)) {
        throw new CarrierError('invalid_sscc', `"${sscc}" is not a valid SSCC-18.`, { sscc });
      }
      const digits = sscc.slice(0, 17);
      return prefix + digits + String(luhnCheckDigit(digits));
    },
  };
}

/** True when a tracking number made by `rateTableCarrier` has a correct Luhn digit (for scans and typing). */
export function hasValidTrackingCheckDigit(trackingNumber: string): boolean {
  const match = /^[A-Z]{1,4}([0-9]{17})([0-9])$/.exec(trackingNumber);
  return match !== null && luhnCheckDigit(match[1]!) === Number(match[2]);
}
