import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  Min,
} from 'class-validator';
import { ValidateNestedObject } from '@cp/http';
import { IsGpPracticeCode, IsNhsNumber, IsUkPostcode, IsUpn, IsUrn } from '@cp/identifiers';
import {
  CARER_RELATIONSHIPS,
  GENDERS,
  type CarerInput,
  type CarerRelationship,
  type CreateChildRecordInput,
  type EducationalSettingInput,
  type Gender,
  type GpPracticeInput,
  type PostalAddress,
} from '@cp/record-model';
import { ContactDetailsDto } from './contact.dto';
import { IsIsoDate, IsNotInFuture, MAX } from '../../record-store/dto/field-rules';
import { InvolvementDto } from './involvement.dto';

export class PostalAddressDto implements PostalAddress {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX.line) line1!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(MAX.line) line2?: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX.town) town!: string;
  @ApiProperty({ example: 'SW1A 1AA' }) @IsUkPostcode() postcode!: string;
}

export class CarerDto implements CarerInput {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX.longName) name!: string;
  @ApiProperty({ enum: CARER_RELATIONSHIPS }) @IsIn(CARER_RELATIONSHIPS) relationship!: CarerRelationship;
  @ApiProperty() @IsBoolean() hasParentalResponsibility!: boolean;
  @ApiProperty({ type: ContactDetailsDto })
  @ValidateNestedObject(() => ContactDetailsDto)
  contact!: ContactDetailsDto;
}

export class EducationalSettingDto implements EducationalSettingInput {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX.longName) name!: string;
  @ApiPropertyOptional({ example: '100000' }) @IsOptional() @IsUrn() urn?: string;
  @ApiProperty({ type: ContactDetailsDto })
  @ValidateNestedObject(() => ContactDetailsDto)
  contact!: ContactDetailsDto;
}

export class GpPracticeDto implements GpPracticeInput {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX.longName) name!: string;
  @ApiPropertyOptional({ example: 'A81001' }) @IsOptional() @IsGpPracticeCode() odsCode?: string;
  @ApiProperty({ type: ContactDetailsDto })
  @ValidateNestedObject(() => ContactDetailsDto)
  contact!: ContactDetailsDto;
}

/** The child's basic details, carers, setting and GP: what a PUT replaces. */
export class ChildDetailsDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX.name) givenName!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(MAX.name) familyName!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(MAX.name, { each: true })
  otherNames?: string[];

  @ApiProperty({ example: '2015-04-01' }) @IsIsoDate() @IsNotInFuture() dateOfBirth!: string;
  @ApiProperty({ enum: GENDERS }) @IsIn(GENDERS) gender!: Gender;
  @ApiPropertyOptional({ example: '943 476 5919' }) @IsOptional() @IsNhsNumber() nhsNumber?: string;
  @ApiPropertyOptional({ example: 'B801200005001' }) @IsOptional() @IsUpn() upn?: string;

  @ApiProperty({ type: PostalAddressDto })
  @ValidateNestedObject(() => PostalAddressDto)
  address!: PostalAddressDto;

  @ApiPropertyOptional({ type: [CarerDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNestedObject(() => CarerDto, { each: true })
  carers?: CarerDto[];

  @ApiPropertyOptional({ type: EducationalSettingDto })
  @IsOptional()
  @ValidateNestedObject(() => EducationalSettingDto)
  educationalSetting?: EducationalSettingDto;

  @ApiPropertyOptional({ type: GpPracticeDto })
  @IsOptional()
  @ValidateNestedObject(() => GpPracticeDto)
  gpPractice?: GpPracticeDto;
}

export class CreateChildRecordDto extends ChildDetailsDto implements CreateChildRecordInput {
  @ApiPropertyOptional({ type: [InvolvementDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNestedObject(() => InvolvementDto, { each: true })
  involvements?: InvolvementDto[];
}

/** A PUT replaces details, carers, setting and GP (absent ones are removed); involvements have their own routes. */
export type UpdateChildRecordInput = Omit<CreateChildRecordInput, 'involvements'> & { version: number };

export class UpdateChildRecordDto extends ChildDetailsDto implements UpdateChildRecordInput {
  @ApiProperty({ description: 'The version the caller read; a stale one is refused with 409' })
  @IsInt()
  @Min(1)
  version!: number;
}
