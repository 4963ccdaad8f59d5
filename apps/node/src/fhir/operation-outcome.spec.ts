import { NotFoundException } from '@nestjs/common';
import { ForbiddenError, InvalidInputError, RateLimitedError, UnauthenticatedError } from '@cp/errors';
import { outcomeOf } from './operation-outcome';

describe('OperationOutcome of an error', () => {
  it('maps each kind of domain error to its status and FHIR issue type, one issue per problem', () => {
    const invalid = outcomeOf(
      new InvalidInputError('two problems', [
        { field: 'birthdate', rule: 'birthdate', message: 'birthdate must be a full date' },
        { field: '_purposeOfUse', rule: 'required', message: 'A purpose of use is required' },
      ]),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.outcome.issue).toEqual([
      {
        severity: 'error',
        code: 'invalid',
        diagnostics: 'birthdate must be a full date',
        expression: ['birthdate'],
      },
      {
        severity: 'error',
        code: 'required',
        diagnostics: 'A purpose of use is required',
        expression: ['_purposeOfUse'],
      },
    ]);
    expect(outcomeOf(new UnauthenticatedError('Sign in first'))).toMatchObject({
      status: 401,
      outcome: { issue: [{ code: 'login' }] },
    });
    expect(outcomeOf(new ForbiddenError('no'))).toMatchObject({
      status: 403,
      outcome: { issue: [{ code: 'forbidden' }] },
    });
    const limited = new RateLimitedError('slow down', {
      name: 'search',
      limit: 1,
      windowSeconds: 60,
      retryAfterSeconds: 5,
    });
    expect(outcomeOf(limited)).toMatchObject({ status: 429, outcome: { issue: [{ code: 'throttled' }] } });
  });

  it('keeps the status of framework errors and says nothing of an unexpected one', () => {
    expect(outcomeOf(new NotFoundException())).toMatchObject({
      status: 404,
      expected: true,
      outcome: { issue: [{ code: 'not-found' }] },
    });
    expect(outcomeOf(new TypeError('secret detail'))).toEqual({
      status: 500,
      expected: false,
      outcome: {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'fatal', code: 'exception', diagnostics: 'Internal error' }],
      },
    });
  });
});
