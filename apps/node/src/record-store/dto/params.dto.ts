import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class ChildParams {
  @ApiProperty({ format: 'uuid', description: "The child's record id" })
  @IsUUID()
  id!: string;
}

export class InvolvementParams extends ChildParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  involvementId!: string;
}
