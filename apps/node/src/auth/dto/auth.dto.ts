import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class SignInDto {
  @ApiProperty({ minLength: 1, maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @ApiProperty({ minLength: 1, maxLength: 256 })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;

  /** The six-digit code from the user's authenticator app. Required once the user has enrolled. */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code?: string;
}

export class ConfirmEnrolmentDto {
  @ApiProperty({ pattern: '^\\d{6}$', description: 'The six-digit code from the authenticator app' })
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code!: string;
}

export interface AccessTokenResponse {
  tokenType: 'Bearer';
  accessToken: string;
  expiresAt: string;
}

/** A password sign-in by a user with no second factor yet: a token that opens only the enrolment routes. */
export interface EnrolmentRequiredResponse {
  enrolmentRequired: true;
  tokenType: 'Bearer';
  enrolmentToken: string;
  expiresAt: string;
}

export interface EnrolmentStartResponse {
  otpauthUri: string;
  /** The same URI as a QR code, a data: URL of a PNG. */
  qrCodeDataUrl: string;
}
