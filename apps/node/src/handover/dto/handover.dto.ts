import { ApiProperty } from '@nestjs/swagger';
import { Equals, IsIn, IsUUID } from 'class-validator';
import {
  HANDOVER_REASONS,
  HANDOVER_REFUSAL_REASONS,
  type HandoverReason,
  type HandoverRefusalReason,
} from '@cp/contract';
import { IsLaCode } from '@cp/identifiers';

/** A's data manager records that the child moved to another LA (a reason from the list, never free text). */
export class StartHandoverDto {
  @ApiProperty()
  @IsUUID()
  childId!: string;

  @ApiProperty({ example: 'E08000025' })
  @IsLaCode()
  toLaCode!: string;

  @ApiProperty({ enum: HANDOVER_REASONS })
  @IsIn(HANDOVER_REASONS)
  reasonCode!: HandoverReason;
}

/** B's data manager asks for a child the index found at another LA, having confirmed it is the same child. */
export class RequestHandoverDto {
  @ApiProperty()
  @IsUUID()
  childId!: string;

  @ApiProperty({ example: 'E09000033' })
  @IsLaCode()
  fromLaCode!: string;

  @ApiProperty({ enum: HANDOVER_REASONS })
  @IsIn(HANDOVER_REASONS)
  reasonCode!: HandoverReason;

  @ApiProperty({ description: 'The data manager confirms it is the same child', enum: [true] })
  @Equals(true, { message: 'sameChildConfirmed must be true: confirm it is the same child first' })
  sameChildConfirmed!: true;
}

export class EndHandoverDto {
  @ApiProperty({ enum: HANDOVER_REFUSAL_REASONS })
  @IsIn(HANDOVER_REFUSAL_REASONS)
  reasonCode!: HandoverRefusalReason;
}

export class HandoverParams {
  @ApiProperty()
  @IsUUID()
  id!: string;
}
