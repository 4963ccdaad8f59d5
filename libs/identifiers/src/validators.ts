import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { isValidNhsNumber } from './nhs-number';
import { isValidUpn } from './upn';
import { isValidPostcode } from './postcode';
import { isValidGpPracticeCode, isValidLaCode, isValidUrn } from './organisation-codes';

function stringRule(name: string, check: (value: string) => boolean, rule: string) {
  return (options?: ValidationOptions): PropertyDecorator =>
    ValidateBy(
      {
        name,
        validator: {
          validate: (value: unknown) => typeof value === 'string' && check(value),
          defaultMessage: buildMessage((each) => `${each}$property must be ${rule}`, options),
        },
      },
      options,
    );
}

export const IsNhsNumber = stringRule(
  'isNhsNumber',
  isValidNhsNumber,
  'a valid NHS number (10 digits, mod-11 check digit)',
);
export const IsUpn = stringRule(
  'isUpn',
  isValidUpn,
  'a valid Unique Pupil Number (13 characters with a correct check letter)',
);
export const IsUkPostcode = stringRule('isUkPostcode', isValidPostcode, 'a valid UK postcode');
export const IsUrn = stringRule('isUrn', isValidUrn, 'a DfE URN of 6 digits');
export const IsGpPracticeCode = stringRule(
  'isGpPracticeCode',
  isValidGpPracticeCode,
  'an ODS code: a letter and 5 digits',
);
export const IsLaCode = stringRule(
  'isLaCode',
  isValidLaCode,
  'an ONS code of an English local authority (E06, E08, E09 or E10 and 6 digits)',
);
