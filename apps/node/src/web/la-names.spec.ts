import { isValidLaCode } from '@cp/identifiers';
import { LA_PROFILES } from '@cp/synthetic';
import { LA_NAMES } from './la-names';

describe('LA_NAMES', () => {
  it('names the 153 English LAs with children’s services, each under a valid ONS code', () => {
    const codes = Object.keys(LA_NAMES);
    expect(codes).toHaveLength(153);
    expect(codes.filter((code) => !isValidLaCode(code))).toEqual([]);
    expect(new Set(Object.values(LA_NAMES)).size).toBe(153);
  });

  it('agrees with the demo federation’s LAs', () => {
    for (const profile of Object.values(LA_PROFILES)) expect(LA_NAMES[profile.onsCode]).toBe(profile.name);
  });
});
