import { ApiProperty } from '@nestjs/swagger';
import { IsLaCode } from '@cp/identifiers';

export class LaCodeParamDto {
  @ApiProperty({ description: 'ONS code of the LA, e.g. E09000033' })
  @IsLaCode()
  laCode!: string;
}
