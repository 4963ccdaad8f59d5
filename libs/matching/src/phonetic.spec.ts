import { phoneticKeys, sharesKey, tokenBlockingKeys } from './phonetic';

describe('phoneticKeys', () => {
  it('gives Double Metaphone primary and alternate when they differ', () => {
    expect(phoneticKeys('smith')).toEqual(['SM0', 'XMT']);
    expect(phoneticKeys('smyth')).toEqual(['SM0', 'XMT']);
  });

  it('drops a repeated alternate and empty codes', () => {
    expect(phoneticKeys('khan')).toEqual(['KN']);
    expect(phoneticKeys('')).toEqual([]);
    expect(phoneticKeys('李')).toEqual([]);
  });

  it('codes common spelling variants alike', () => {
    expect(sharesKey(phoneticKeys('catherine'), phoneticKeys('katherine'))).toBe(true);
    expect(sharesKey(phoneticKeys('mohammed'), phoneticKeys('muhammad'))).toBe(true);
    expect(sharesKey(phoneticKeys('smith'), phoneticKeys('jones'))).toBe(false);
  });
});

describe('tokenBlockingKeys', () => {
  it('falls back to the spelling for a token Double Metaphone cannot code', () => {
    expect(tokenBlockingKeys('李')).toEqual(['=李']);
    expect(tokenBlockingKeys('smith')).toEqual(['SM0', 'XMT']);
  });
});
