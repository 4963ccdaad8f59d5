import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';

/** Filters for listing the audit trail: by child, by user, by time; paged by sequence. */
export class AuditQueryDto {
  /** Entries about this child: actions on the record, and searches that disclosed it. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  childId?: string;

  /** Entries by this user (a user id, or "system"/"anonymous"). */
  @ApiPropertyOptional({ description: 'A user id, system or anonymous' })
  @IsOptional()
  @IsString()
  @Matches(/^([0-9a-f-]{36}|system|anonymous)$/i, {
    message: 'actorId must be a user id, system or anonymous',
  })
  actorId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  /** Return entries after this sequence (the previous page's nextAfterSequence). */
  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: Number.MAX_SAFE_INTEGER })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  afterSequence?: number;

  @ApiPropertyOptional({ type: Number, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
