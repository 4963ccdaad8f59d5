import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsNhsNumber, IsUkPostcode, IsUpn } from '@cp/identifiers';
import { GENDERS, type Gender } from '@cp/record-model';
import { IsIsoDate, MAX } from '../../record-store/dto/field-rules';
import { ReasonQueryDto } from '../../access/dto/reason-query.dto';
import type { SearchCriteria } from '../minimum-criteria';

/** A local search. Needs minimum criteria (see minimum-criteria.ts) and a reason. */
export class SearchQueryDto extends ReasonQueryDto implements SearchCriteria {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX.name) familyName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(MAX.name) givenName?: string;
  @ApiPropertyOptional({ example: '2015-04-01' }) @IsOptional() @IsIsoDate() dateOfBirth?: string;
  @ApiPropertyOptional({ example: 'SW1A 1AA' }) @IsOptional() @IsUkPostcode() postcode?: string;
  @ApiPropertyOptional() @IsOptional() @IsNhsNumber() nhsNumber?: string;
  @ApiPropertyOptional() @IsOptional() @IsUpn() upn?: string;
  @ApiPropertyOptional({ enum: GENDERS }) @IsOptional() @IsIn(GENDERS) gender?: Gender;
}
