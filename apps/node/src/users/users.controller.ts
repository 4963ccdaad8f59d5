import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import type { Actor } from '../access/roles';
import { newCorrelationId } from '../access/access-context';
import { AssignRoleDto, CreateUserDto, type IssuedPassword, type UserView } from './dto/users.dto';
import { UsersService } from './users.service';

/** Account management: node administrators only (and they see no record content). */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@Roles('node-administrator')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  /** Creates a user and returns a one-time initial password. */
  @Post()
  create(@Body() body: CreateUserDto, @CurrentActor() actor: Actor): Promise<IssuedPassword> {
    return this.users.create(body, { actor, correlationId: newCorrelationId() });
  }

  @Post(':id/disable')
  @HttpCode(200)
  disable(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<UserView> {
    return this.users.disable(id, { actor, correlationId: newCorrelationId() });
  }

  /** A new initial password; the user enrols TOTP again at next sign-in. */
  @Post(':id/reset')
  @HttpCode(200)
  reset(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor): Promise<IssuedPassword> {
    return this.users.reset(id, { actor, correlationId: newCorrelationId() });
  }

  @Put(':id/role')
  assignRole(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AssignRoleDto,
    @CurrentActor() actor: Actor,
  ): Promise<UserView> {
    return this.users.assignRole(id, body.role, { actor, correlationId: newCorrelationId() });
  }
}
