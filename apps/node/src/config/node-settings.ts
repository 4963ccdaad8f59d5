import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, Min, MinLength } from 'class-validator';
import { IsLaCode } from '@cp/identifiers';
import { FederationSettings } from '../federation/federation-settings';

/** The node's settings, read from the environment and validated at start (see README, "Settings"). */
export class NodeSettings extends FederationSettings {
  /** ONS code of the local authority this node serves, e.g. E09000033. */
  @IsLaCode()
  NODE_LA_CODE!: string;

  @IsString()
  @IsNotEmpty()
  NODE_LA_NAME!: string;

  /** The most results a search returns. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  SEARCH_RESULT_CAP = 20;

  /** Secret that signs this node's access tokens: at least 32 random characters, never shared. */
  @IsString()
  @MinLength(32)
  AUTH_TOKEN_SECRET!: string;

  /** Lifetime of an access token, in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;
}

export const NODE_SETTINGS = Symbol('NODE_SETTINGS');
