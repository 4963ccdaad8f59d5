import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

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
}
