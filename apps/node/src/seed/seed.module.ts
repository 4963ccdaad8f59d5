import { Module, type DynamicModule } from '@nestjs/common';
import { NodeAppModule } from '../app.module';
import type { NodeSettings } from '../config/node-settings';
import { RecordsModule } from '../records/records.module';
import { SeedService } from './seed.service';

@Module({
  imports: [RecordsModule],
  providers: [SeedService],
  exports: [SeedService],
})
export class SeedModule {}

/** The application context of the `seed` command: the whole node (migrations included), without HTTP. */
@Module({})
export class SeedCommandModule {
  static register(settings: NodeSettings): DynamicModule {
    return { module: SeedCommandModule, imports: [NodeAppModule.register(settings), SeedModule] };
  }
}
