import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { LA_NAME_PATTERN, MAX_LA_NAME } from '../la-name';

/** A node's enrolment: the one-time token from the hub operator and a PKCS#10 request over its own key. */
export class EnrolDto {
  @ApiProperty({ description: 'One-time enrolment token' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token must be the 43-character token the hub operator gave' })
  token!: string;

  @ApiProperty({ description: 'PEM certificate signing request made at the node' })
  @IsString()
  @MaxLength(8000)
  @Matches(/^-----BEGIN CERTIFICATE REQUEST-----[\s\S]+-----END CERTIFICATE REQUEST-----\s*$/, {
    message: 'csrPem must be a PEM certificate request',
  })
  csrPem!: string;

  /** The LA's name, shown with its code in the operators' console; a name the operator gave wins. */
  @ApiPropertyOptional({ description: "The LA's name, e.g. Westminster", maxLength: MAX_LA_NAME })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_LA_NAME)
  @Matches(LA_NAME_PATTERN, {
    message: `laName must be 2 to ${MAX_LA_NAME} letters, digits, spaces and . , ' & ( ) -`,
  })
  laName?: string;
}
