import { IsUUID } from 'class-validator';

export class ChildParams {
  @IsUUID()
  id!: string;
}

export class InvolvementParams extends ChildParams {
  @IsUUID()
  involvementId!: string;
}
