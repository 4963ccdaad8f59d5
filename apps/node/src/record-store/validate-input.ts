import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { validationExceptionFactory } from '@cp/errors';

/**
 * Validates input with the same rules and options as the HTTP pipe, so a direct caller (the seed
 * command, the federation) cannot write what the API would refuse.
 */
export async function validateInput<T extends object>(type: ClassConstructor<T>, input: unknown): Promise<T> {
  const instance = plainToInstance(type, input);
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  if (errors.length > 0) throw validationExceptionFactory(errors);
  return instance;
}
