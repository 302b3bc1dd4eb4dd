// Proves the locations screen's usage helpers: the default usage of a new zone or bin (its zone's, else
// storage, whatever the case of the codes), which kinds have a usage, and a tone for every usage.
import { describe, expect, it } from 'vitest';
import { defaultUsage, hasUsage, LOCATION_USAGES, USAGE_TONES } from './location-usage';

const locations = [
  { code: 'PAR', kind: 'warehouse', usage: 'storage' as const },
  { code: 'PAR/Q', kind: 'zone', usage: 'quarantine' as const },
  { code: 'PAR/A', kind: 'zone', usage: 'storage' as const },
  { code: 'PAR/DOCK', kind: 'bin', usage: 'receiving' as const },
];

describe('location usage', () => {
  it('offers a bin its zone’s usage and anything else storage', () => {
    expect(defaultUsage('bin', 'par/q', locations)).toBe('quarantine');
    expect(defaultUsage('bin', 'PAR/A', locations)).toBe('storage');
    expect(defaultUsage('bin', 'PAR', locations)).toBe('storage');
    expect(defaultUsage('zone', 'PAR', locations)).toBe('storage');
    expect(defaultUsage('bin', '', locations)).toBe('storage');
    // A bin is never the parent that passes its usage on.
    expect(defaultUsage('bin', 'PAR/DOCK', locations)).toBe('storage');
  });

  it('gives zones and bins a usage, and nothing else', () => {
    expect(hasUsage('zone')).toBe(true);
    expect(hasUsage('bin')).toBe(true);
    for (const kind of ['warehouse', 'supplier', 'transit', 'scrap']) expect(hasUsage(kind)).toBe(false);
  });

  it('has a badge tone for every usage', () => {
    for (const usage of LOCATION_USAGES) expect(USAGE_TONES[usage]).toBeTruthy();
  });
});
