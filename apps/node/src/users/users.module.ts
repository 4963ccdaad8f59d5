import { Module } from '@nestjs/common';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { PasswordChangeService } from './password-change.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, PasswordChangeService],
  exports: [UsersService, PasswordChangeService],
})
export class UsersModule {}
