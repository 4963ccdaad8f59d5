import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { nodeDatabase } from '../database/database.module';

/**
 * The context of one command-line tool: settings, the database (migrations run) and the audit trail, plus
 * only the feature modules the command uses. Never the whole node: a command must not start the bus links,
 * the index publisher or the schedules of a running node.
 */
@Module({})
export class NodeCliModule {
  static register(settings: NodeSettings, features: ModuleMetadata['imports'] = []): DynamicModule {
    return {
      module: NodeCliModule,
      global: true,
      imports: [nodeDatabase(settings), AuditModule, ...features],
      providers: [{ provide: NODE_SETTINGS, useValue: settings }],
      exports: [NODE_SETTINGS],
    };
  }
}
