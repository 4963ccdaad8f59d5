import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class TrafficQueryDto {
  @ApiPropertyOptional({ minimum: 5, maximum: 1440, default: 60, description: 'minutes back from now' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(1440)
  minutes = 60;
}
