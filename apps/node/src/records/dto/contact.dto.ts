import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsPhoneNumber, MaxLength } from 'class-validator';
import type { ContactDetails } from '@cp/record-model';
import { MAX } from '../../record-store/dto/field-rules';

export class ContactDetailsDto implements ContactDetails {
  @ApiPropertyOptional({ example: '020 7946 0000' })
  @IsOptional()
  @MaxLength(MAX.telephone)
  @IsPhoneNumber('GB', { message: 'telephone must be a UK telephone number' })
  telephone?: string;

  @ApiPropertyOptional({ example: 'name@school.example.org' })
  @IsOptional()
  @MaxLength(MAX.email)
  @IsEmail()
  email?: string;
}
