import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SHIELDING_REASONS, type ShieldingReason } from '../../record-store/shielding-reasons';

export class ShieldDto {
  @ApiProperty({ enum: SHIELDING_REASONS })
  @IsIn(SHIELDING_REASONS)
  reasonCode!: ShieldingReason;
}
