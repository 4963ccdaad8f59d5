import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

export type LogLevelSetting = 'error' | 'warn' | 'log' | 'debug';

/** Settings every service of the federation has; each app's settings class extends it. */
export abstract class ServiceSettings {
  @Matches(/^postgres(ql)?:\/\/.+\/[a-z_][a-z0-9_]*$/, {
    message: 'DATABASE_URL must be postgres://user@host:port/database',
  })
  DATABASE_URL!: string;

  @IsString()
  HTTP_HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  HTTP_PORT = 3000;

  @IsIn(['error', 'warn', 'log', 'debug'])
  LOG_LEVEL: LogLevelSetting = 'log';
}
