import { Logger } from '@nestjs/common';
import { IdsOnlyQueryLogger } from './ids-only-query-logger';

describe('IdsOnlyQueryLogger', () => {
  it('logs the error code and constraint of a failed query, never its SQL or parameters', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const error = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      constraint: 'child_nhs_number_key',
    });
    new IdsOnlyQueryLogger().logQueryError(error, 'INSERT INTO child (family_name) VALUES ($1)', ['Smith']);
    const logged = warn.mock.calls.map((call) => String(call[0])).join('\n');
    expect(logged).toContain('code=23505');
    expect(logged).toContain('constraint=child_nhs_number_key');
    expect(logged).not.toContain('Smith');
    expect(logged).not.toContain('INSERT');
    warn.mockRestore();
  });
});
