import {
  ASSESSMENT_TYPES,
  CARER_RELATIONSHIPS,
  GENDERS,
  SENSITIVE_SERVICE_TYPES,
  SERVICE_TYPES,
} from '@cp/record-model';
import { SHIELDING_REASONS } from '../../record-store/shielding-reasons';
import { FROZEN_LISTS } from './1764300000000-child-records';

describe('child-records migration', () => {
  it('checks the same controlled lists the application validates (a drift needs a new migration)', () => {
    expect(FROZEN_LISTS).toEqual({
      GENDERS,
      CARER_RELATIONSHIPS,
      SERVICE_TYPES,
      SENSITIVE_SERVICE_TYPES,
      ASSESSMENT_TYPES,
      SHIELDING_REASONS,
    });
  });
});
