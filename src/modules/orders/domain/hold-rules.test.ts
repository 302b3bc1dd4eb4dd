/** Hold rules match only when every stated condition holds, respect their channel, and the first by priority wins. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstMatchingRule, type HoldRule, type OrderFacts, ruleMatches } from './hold-rules.js';

const order = (overrides: Partial<OrderFacts> = {}): OrderFacts => ({
  channel: 'WEB',
  currency: 'EUR',
  totalMinor: 10_000,
  missingAddressFields: [],
  hasShipTo: true,
  customerTags: [],
  orderTags: [],
  shipToCountry: 'FR',
  flags: [],
  paymentStatus: 'paid',
  ...overrides,
});
const rule = (condition: HoldRule['condition'], overrides: Partial<HoldRule> = {}): HoldRule => ({
  id: 'r',
  name: 'rule',
  channel: null,
  condition,
  priority: 100,
  isActive: true,
  ...overrides,
});

describe('hold rules', () => {
  it('match on each condition, all stated conditions together', () => {
    expect(ruleMatches(rule({ totalAboveMinor: 5_000 }), order())).toBe(true);
    expect(ruleMatches(rule({ totalAboveMinor: 10_000 }), order())).toBe(false);
    expect(ruleMatches(rule({ totalAboveMinor: 5_000, currency: 'USD' }), order())).toBe(false);
    expect(ruleMatches(rule({ addressIncomplete: true }), order({ missingAddressFields: ['city'] }))).toBe(
      true,
    );
    expect(ruleMatches(rule({ addressIncomplete: true }), order())).toBe(false);
    expect(ruleMatches(rule({ customerTags: ['VIP', 'fraud'] }), order({ customerTags: ['Fraud'] }))).toBe(
      true,
    );
    expect(ruleMatches(rule({ orderTags: ['gift'] }), order())).toBe(false);
    expect(ruleMatches(rule({ shipToCountries: ['RU'] }), order({ shipToCountry: 'RU' }))).toBe(true);
    expect(ruleMatches(rule({ flagged: true }), order({ flags: ['total_mismatch'] }))).toBe(true);
    expect(ruleMatches(rule({ paymentStatuses: ['pending'] }), order())).toBe(false);
    expect(ruleMatches(rule({ totalAboveMinor: 5_000, shipToCountries: ['DE'] }), order())).toBe(false);
    expect(ruleMatches(rule({}), order()), 'a rule that states nothing holds nothing').toBe(false);
    expect(ruleMatches(rule({ totalAboveMinor: 0 }, { isActive: false }), order())).toBe(false);
    expect(ruleMatches(rule({ totalAboveMinor: 0 }, { channel: 'AMZ' }), order())).toBe(false);
    expect(ruleMatches(rule({ totalAboveMinor: 0 }, { channel: 'web' }), order())).toBe(true);
  });

  it('picks the first match by priority then name, whatever the order of the list', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.string({ minLength: 1, maxLength: 5 }),
            priority: fc.integer({ min: 0, max: 3 }),
            above: fc.integer({ min: 0, max: 20_000 }),
          }),
          { maxLength: 8 },
        ),
        (specs) => {
          const rules = specs.map((s, i) =>
            rule({ totalAboveMinor: s.above }, { id: `r${i}`, name: s.name, priority: s.priority }),
          );
          const chosen = firstMatchingRule(rules, order());
          expect(firstMatchingRule([...rules].reverse(), order())?.name ?? null).toBe(chosen?.name ?? null);
          const matching = rules.filter((r) => ruleMatches(r, order()));
          if (matching.length === 0) {
            expect(chosen).toBeNull();
            return;
          }
          const best = Math.min(...matching.map((r) => r.priority));
          expect(chosen!.priority).toBe(best);
          expect(
            matching.filter((r) => r.priority === best).every((r) => chosen!.name.localeCompare(r.name) <= 0),
          ).toBe(true);
        },
      ),
    );
  });
});
