import type { ValidationError } from 'class-validator';
import { InvalidInputError, type FieldProblem } from './domain-errors';

const RULE_NAMES: Record<string, string> = { whitelistValidation: 'unknownField' };

/** Flattens class-validator errors into field paths such as "carers.0.name". */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      const isUnknown = rule === 'whitelistValidation';
      problems.push({
        field,
        rule: RULE_NAMES[rule] ?? rule,
        message: isUnknown
          ? `${field} is not a field of this request`
          : message.replace(error.property, field),
      });
    }
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, field));
  }
  return problems;
}

/** The ValidationPipe's exceptionFactory: a 400 naming every field and rule. */
export function validationExceptionFactory(errors: ValidationError[]): InvalidInputError {
  const problems = flattenValidationErrors(errors);
  const summary = problems.map((p) => p.message).join('; ');
  return new InvalidInputError(summary || 'The request is invalid', problems);
}
