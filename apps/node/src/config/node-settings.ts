import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsString, Max, Min } from 'class-validator';
import { ServiceSettings } from '@cp/config';
import { IsLaCode } from '@cp/identifiers';

/** The node's settings, read from the environment and validated at start (see README, "Settings"). */
export class NodeSettings extends ServiceSettings {
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
}

export const NODE_SETTINGS = Symbol('NODE_SETTINGS');
