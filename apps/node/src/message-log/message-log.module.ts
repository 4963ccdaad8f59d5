import { Global, Module } from '@nestjs/common';
import { MessageLogService } from './message-log.service';

/** The message log: global, like the audit, since every flow that signs or verifies a message writes it. */
@Global()
@Module({ providers: [MessageLogService], exports: [MessageLogService] })
export class MessageLogModule {}
