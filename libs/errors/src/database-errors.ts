import { ConflictError, InvalidInputError, type DomainError } from './domain-errors';

interface PgError {
  code?: string;
  constraint?: string;
  column?: string;
}

/**
 * Maps PostgreSQL errors that bad input can cause to domain errors. Messages name the constraint,
 * never the value (PostgreSQL's own detail text quotes values).
 */
export function fromDatabaseError(error: unknown): DomainError | null {
  if (typeof error !== 'object' || error === null) return null;
  const driverError = ((error as { driverError?: PgError }).driverError ?? error) as PgError;
  switch (driverError.code) {
    case '23505':
      return new ConflictError(`Already exists (${driverError.constraint ?? 'unique constraint'})`);
    case '23503':
      return InvalidInputError.field(
        driverError.constraint ?? 'reference',
        'reference',
        'Refers to something that does not exist',
      );
    case '23514':
    case '23502':
      return InvalidInputError.field(
        driverError.column ?? driverError.constraint ?? 'value',
        'constraint',
        'Breaks a rule of the record',
      );
    case '22P02':
    case '22007':
    case '22008':
    case '22001':
      return InvalidInputError.field('value', 'format', 'A value has the wrong format or length');
    default:
      return null;
  }
}
