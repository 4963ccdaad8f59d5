import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';

/** Thrown when a setting is missing or invalid; its message is one line that names the setting. */
export class SettingsError extends Error {
  constructor(
    readonly setting: string,
    readonly problem: string,
  ) {
    super(`Invalid setting ${setting}: ${problem}`);
    this.name = 'SettingsError';
  }
}

function firstProblem(errors: ValidationError[]): { setting: string; problem: string } {
  const error = errors[0];
  const constraints = error.constraints ?? {};
  const problem = Object.values(constraints)[0] ?? 'is invalid';
  return { setting: error.property, problem: problem.replace(`${error.property} `, '') };
}

/**
 * Reads settings from the environment into a validated class instance.
 * Unknown environment variables are ignored; every declared one is validated.
 */
export function loadSettings<T extends object>(
  settingsClass: ClassConstructor<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const declared = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(settingsClass, '', true, false)
      .map((metadata) => metadata.propertyName),
  );
  const plain: Record<string, string | undefined> = {};
  for (const key of declared) {
    if (env[key] !== undefined && env[key] !== '') plain[key] = env[key];
  }
  const settings = plainToInstance(settingsClass, plain, {
    enableImplicitConversion: true,
    exposeDefaultValues: true,
  });
  const errors = validateSync(settings, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    const { setting, problem } = firstProblem(errors);
    throw new SettingsError(setting, problem);
  }
  return settings;
}

/** Runs a process entry point, turning a settings error into one clear line and exit code 1. */
export function exitOnSettingsError(error: unknown): never {
  if (error instanceof SettingsError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
