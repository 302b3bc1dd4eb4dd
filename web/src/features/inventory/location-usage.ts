/**
 * The pure side of a location's usage on the locations screen: which usages exist, the badge tone of each,
 * and the usage a new zone or bin starts with (the server's own default: the zone's, else storage).
 */
import type { Tone } from '../../ui';

export const LOCATION_USAGES = ['storage', 'receiving', 'quarantine'] as const;
export type LocationUsage = (typeof LOCATION_USAGES)[number];

/** Storage is the ordinary case and stays quiet; a dock and a quarantine stand out in the tree. */
export const USAGE_TONES: Readonly<Record<LocationUsage, Tone>> = {
  storage: 'muted',
  receiving: 'info',
  quarantine: 'warning',
};

/** Zones and bins have a usage; warehouses and virtual locations do not. */
export function hasUsage(kind: string): boolean {
  return kind === 'zone' || kind === 'bin';
}

/**
 * The usage a new zone or bin is offered: a bin under a zone takes the zone's, anything else storage.
 * Codes are compared without regard to case, as the server does.
 */
export function defaultUsage(
  kind: string,
  parent: string,
  locations: readonly { code: string; kind: string; usage: LocationUsage }[],
): LocationUsage {
  if (kind !== 'bin' || parent === '') return 'storage';
  const zone = locations.find((l) => l.kind === 'zone' && l.code.toUpperCase() === parent.toUpperCase());
  return zone?.usage ?? 'storage';
}
