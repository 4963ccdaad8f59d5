import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/access.decorators';
import { IndexOutboxStatusService, type IndexOutboxStatus } from './index-outbox-status.service';
import { IndexOutboxService } from './index-outbox.service';
import { NodeIndexBus } from './node-index-bus';

/** The node's index feed for its administrators: backlog and age, and a manual full resend. */
@ApiTags('federation')
@ApiBearerAuth()
@Controller('federation/index')
@Roles('node-administrator')
export class IndexOutboxController {
  constructor(
    private readonly status: IndexOutboxStatusService,
    private readonly outbox: IndexOutboxService,
    private readonly bus: NodeIndexBus,
  ) {}

  @Get('status')
  @ApiOperation({ summary: 'Index changes waiting for the hub: count, oldest age, last published' })
  async indexStatus(): Promise<IndexOutboxStatus & { connected: boolean }> {
    return { ...(await this.status.status()), connected: this.bus.isConnected };
  }

  @Post('resync')
  @HttpCode(202)
  @ApiOperation({ summary: "Resend this node's whole index to the hub (a snapshot)" })
  resync(): Promise<{ snapshotSequence: string; entries: number }> {
    return this.outbox.enqueueSnapshot();
  }
}
