import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { ValidateNestedObject } from '@cp/http';
import {
  ASSESSMENT_TYPES,
  SERVICE_TYPES,
  isSensitiveService,
  type AssessmentInput,
  type AssessmentType,
  type ConsentInput,
  type InvolvementInput,
  type ServiceType,
} from '@cp/record-model';
import { ContactDetailsDto } from './contact.dto';
import { IsIsoDate, IsNotInFuture, MAX } from '../../record-store/dto/field-rules';

/** An assessment's type and date only: never its content. */
export class AssessmentDto implements AssessmentInput {
  @ApiProperty({ enum: ASSESSMENT_TYPES }) @IsIn(ASSESSMENT_TYPES) type!: AssessmentType;
  @ApiProperty({ example: '2025-01-15' }) @IsIsoDate() @IsNotInFuture() date!: string;
}

export class ConsentDto implements ConsentInput {
  @ApiProperty({ example: '2025-01-10' }) @IsIsoDate() @IsNotInFuture() recordedOn!: string;
}

const consentRequiredMessage = 'consent must be recorded for an involvement with a sensitive service';

export class InvolvementDto implements InvolvementInput {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX.longName) practitionerName!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX.name) role!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX.longName) organisation!: string;
  @ApiProperty({ enum: SERVICE_TYPES }) @IsIn(SERVICE_TYPES) serviceType!: ServiceType;

  @ApiProperty({ type: ContactDetailsDto })
  @ValidateNestedObject(() => ContactDetailsDto)
  contact!: ContactDetailsDto;

  @ApiProperty({ example: '2025-01-01' }) @IsIsoDate() startDate!: string;
  @ApiPropertyOptional() @IsOptional() @IsIsoDate() endDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() hasInformationToShare?: boolean;

  @ApiPropertyOptional({ type: AssessmentDto })
  @IsOptional()
  @ValidateNestedObject(() => AssessmentDto)
  assessment?: AssessmentDto;

  /** Required when serviceType is sexual health, mental health or substance misuse. */
  @ApiPropertyOptional({ type: ConsentDto })
  @ValidateIf((input: InvolvementDto) => isSensitiveService(input.serviceType) || input.consent !== undefined)
  @IsDefined({ message: consentRequiredMessage })
  @ValidateNestedObject(() => ConsentDto)
  consent?: ConsentDto;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() isLeadProfessional?: boolean;
}

/** A change to an involvement's details. Indicators, end and lead professional have their own routes. */
export class ChangeInvolvementDto implements Partial<InvolvementInput> {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX.longName)
  practitionerName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX.name) role?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX.longName)
  organisation?: string;
  @ApiPropertyOptional({ enum: SERVICE_TYPES }) @IsOptional() @IsIn(SERVICE_TYPES) serviceType?: ServiceType;

  @ApiPropertyOptional({ type: ContactDetailsDto })
  @IsOptional()
  @ValidateNestedObject(() => ContactDetailsDto)
  contact?: ContactDetailsDto;

  @ApiPropertyOptional() @IsOptional() @IsIsoDate() startDate?: string;

  @ApiPropertyOptional({ type: ConsentDto })
  @IsOptional()
  @ValidateNestedObject(() => ConsentDto)
  consent?: ConsentDto;
}

export class EndInvolvementDto {
  @ApiProperty({ example: '2025-06-30' }) @IsIsoDate() endDate!: string;
}

/** Sets both indicators; an absent or null assessment clears it. */
export class IndicatorsDto {
  @ApiProperty() @IsBoolean() hasInformationToShare!: boolean;

  @ApiPropertyOptional({ type: AssessmentDto, nullable: true })
  @IsOptional()
  @ValidateNestedObject(() => AssessmentDto)
  assessment?: AssessmentDto | null;
}

export class LeadProfessionalDto {
  @ApiProperty() @IsUUID() involvementId!: string;
}
