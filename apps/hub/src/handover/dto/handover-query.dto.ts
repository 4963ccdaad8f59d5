import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

export class HandoverListQueryDto {
  @ApiProperty({ enum: ['in-flight', 'stuck'], required: false })
  @IsOptional()
  @IsIn(['in-flight', 'stuck'])
  state?: 'in-flight' | 'stuck';
}

export class HandoverIdParamDto {
  @ApiProperty()
  @IsUUID()
  id!: string;
}
