import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ACCESS_REASONS, type AccessReason } from '@cp/record-model';

/** The reason for looking at a record, required on every view and search and kept in the audit. */
export class ReasonQueryDto {
  @ApiProperty({ enum: ACCESS_REASONS })
  @IsIn(ACCESS_REASONS, { message: `reason must be one of: ${ACCESS_REASONS.join(', ')}` })
  reason!: AccessReason;
}
