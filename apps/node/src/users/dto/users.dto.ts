import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../../access/roles';

export class CreateUserDto {
  /** Lower-case letters, digits, dots, hyphens and underscores. */
  @ApiProperty({ pattern: '^[a-z0-9._-]{3,64}$' })
  @Matches(/^[a-z0-9._-]{3,64}$/, {
    message: 'username must be 3-64 lower-case letters, digits, ".", "-" or "_"',
  })
  username!: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName!: string;

  /** Used by the misuse review to spot views of possible relatives. */
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  familyName!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class AssignRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

/** What the API shows of a user: never a hash or a secret. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  totpEnrolled: boolean;
  locked: boolean;
  disabled: boolean;
  createdAt: string;
}

export interface IssuedPassword {
  id: string;
  username: string;
  role: Role;
  /** Shown once: hand it to the user, who then enrols a second factor at first sign-in. */
  initialPassword: string;
}

export class ChangePasswordDto {
  @ApiProperty({ minLength: 1, maxLength: 256 })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword!: string;

  /** At least 12 characters; a passphrase is best. */
  @ApiProperty({ minLength: 12, maxLength: 256 })
  @IsString()
  @MinLength(12)
  @MaxLength(256)
  newPassword!: string;
}
