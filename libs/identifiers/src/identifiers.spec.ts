import fc from 'fast-check';
import {
  formatNhsNumber,
  isValidGpPracticeCode,
  isValidLaCode,
  isValidNhsNumber,
  isValidPostcode,
  isValidUpn,
  isValidUrn,
  nhsCheckDigit,
  normalisePostcode,
  postcodeDistrict,
  upnCheckLetter,
  UPN_CHECK_ALPHABET,
} from './index';

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

describe('NHS number', () => {
  it.each(['9434765919', '943 476 5919', '943-476-5919', '4010232137'])('accepts %s', (value) => {
    expect(isValidNhsNumber(value)).toBe(true);
  });

  it.each(['9434765918', '943476591', '94347659190', 'abcdefghij', '', '0000000001'])(
    'refuses %s',
    (value) => {
      expect(isValidNhsNumber(value)).toBe(false);
    },
  );

  it('formats 3-3-4', () => expect(formatNhsNumber('9434765919')).toBe('943 476 5919'));

  it('property: a computed check digit always validates, and every other final digit fails', () => {
    fc.assert(
      fc.property(digits(9), (nine) => {
        const check = nhsCheckDigit(nine);
        if (check === null) {
          for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(nine + d)).toBe(false);
          return;
        }
        expect(isValidNhsNumber(nine + check)).toBe(true);
        for (let d = 0; d <= 9; d++) if (d !== check) expect(isValidNhsNumber(nine + d)).toBe(false);
      }),
    );
  });

  it('property: any single-digit change is detected', () => {
    fc.assert(
      fc.property(
        digits(9),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (nine, position, delta) => {
          const check = nhsCheckDigit(nine);
          fc.pre(check !== null);
          const valid = nine + String(check);
          const changed = valid.split('');
          changed[position] = String((Number(changed[position]) + delta) % 10);
          expect(isValidNhsNumber(changed.join(''))).toBe(false);
        },
      ),
    );
  });
});

describe('Unique Pupil Number', () => {
  it('accepts the standard example B801200005001 and lower case', () => {
    expect(isValidUpn('B801200005001')).toBe(true);
    expect(isValidUpn('b801200005001')).toBe(true);
  });

  it('computes P, not Q, for 207000016049 (a help page misprints it)', () => {
    expect(upnCheckLetter('207000016049')).toBe('P');
    expect(isValidUpn('P207000016049')).toBe(true);
    expect(isValidUpn('Q207000016049')).toBe(false);
  });

  it.each(['A801200005001', 'B80120000500', 'I801200005001', 'B80120000500I', '1801200005001'])(
    'refuses %s',
    (v) => {
      expect(isValidUpn(v)).toBe(false);
    },
  );

  it('property: computed check letters validate, for permanent and temporary UPNs', () => {
    const last = fc.constantFrom(...'0123456789'.split(''), ...UPN_CHECK_ALPHABET.split(''));
    fc.assert(
      fc.property(digits(11), last, (body, final) => {
        const letter = upnCheckLetter(body + final);
        expect(letter).not.toBeNull();
        expect(isValidUpn(`${letter}${body}${final}`)).toBe(true);
        const other = UPN_CHECK_ALPHABET.split('').find((l) => l !== letter)!;
        expect(isValidUpn(`${other}${body}${final}`)).toBe(false);
      }),
    );
  });
});

describe('postcode', () => {
  it.each([
    'SW1A 1AA',
    'sw1a1aa',
    'B11 2AB',
    'M1 1AE',
    'CR2 6XH',
    'DN55 1PT',
    'W1A 0AX',
    'EC1A 1BB',
    'GIR 0AA',
  ])('accepts %s', (value) => expect(isValidPostcode(value)).toBe(true));

  it.each(['', 'SW1A', 'Q1 1AA', 'SW1A 1AC', 'B11 2AI', '12345', 'SW1A 1AAA', 'V1 1AA'])(
    'refuses %s',
    (value) => expect(isValidPostcode(value)).toBe(false),
  );

  it('normalises and takes the district', () => {
    expect(normalisePostcode(' sw1a1aa ')).toBe('SW1A 1AA');
    expect(postcodeDistrict('b112ab')).toBe('B11');
  });

  it('property: inward codes with a forbidden letter are refused', () => {
    fc.assert(
      fc.property(fc.constantFrom(...'CIKMOV'.split('')), fc.integer({ min: 0, max: 9 }), (bad, d) => {
        expect(isValidPostcode(`B11 ${d}${bad}A`)).toBe(false);
        expect(isValidPostcode(`B11 ${d}A${bad}`)).toBe(false);
      }),
    );
  });
});

describe('organisation codes', () => {
  it('checks URN, ODS and ONS LA codes', () => {
    expect(isValidUrn('100000')).toBe(true);
    expect(isValidUrn('10000')).toBe(false);
    expect(isValidGpPracticeCode('A81001')).toBe(true);
    expect(isValidGpPracticeCode('a81001')).toBe(false);
    expect(isValidLaCode('E09000033')).toBe(true);
    expect(isValidLaCode('E08000025')).toBe(true);
    expect(isValidLaCode('E10000016')).toBe(true);
    expect(isValidLaCode('W06000015')).toBe(false);
    expect(isValidLaCode('E07000001')).toBe(false);
  });
});
