import { areNicknameVariants, canonicalGivenNames, NICKNAME_GROUP_COUNT } from './nicknames';

describe('canonicalGivenNames', () => {
  it('has a reasonably thorough table', () => {
    expect(NICKNAME_GROUP_COUNT).toBeGreaterThanOrEqual(80);
  });

  it('maps a nickname to its formal forms, token first', () => {
    expect(canonicalGivenNames('bill')).toEqual(['bill', 'william']);
    const kate = canonicalGivenNames('kate');
    expect(kate[0]).toBe('kate');
    expect(kate).toEqual(expect.arrayContaining(['katherine', 'catherine', 'kathryn']));
  });

  it('maps a formal name to every formal spelling of its group', () => {
    expect(canonicalGivenNames('catherine')).toEqual(expect.arrayContaining(['catherine', 'katherine']));
  });

  it('returns just the token for an unknown name', () => {
    expect(canonicalGivenNames('zebedee')).toEqual(['zebedee']);
  });

  it('does not hand out its internal arrays', () => {
    canonicalGivenNames('bill').push('mutated');
    expect(canonicalGivenNames('bill')).toEqual(['bill', 'william']);
  });

  it.each([
    ['bill', 'william'],
    ['william', 'liam'],
    ['bob', 'robert'],
    ['robbie', 'bob'],
    ['liz', 'elizabeth'],
    ['betty', 'eliza'],
    ['kate', 'katherine'],
    ['katie', 'catherine'],
    ['kitty', 'kathryn'],
    ['peggy', 'margaret'],
    ['meg', 'maggie'],
    ['sandy', 'alexander'],
    ['tom', 'thomas'],
    ['jim', 'james'],
    ['jamie', 'jimmy'],
    ['alex', 'alexandra'],
  ])('%s and %s are variants (both ways)', (a, b) => {
    expect(areNicknameVariants(a, b)).toBe(true);
    expect(areNicknameVariants(b, a)).toBe(true);
  });

  it.each([
    ['william', 'robert'],
    ['alexander', 'alexandra'],
    ['bill', 'bill'],
    ['bill', 'zebedee'],
  ])('%s and %s are not variants', (a, b) => {
    expect(areNicknameVariants(a, b)).toBe(false);
  });
});
