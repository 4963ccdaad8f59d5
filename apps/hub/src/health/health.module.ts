import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LocatorIndexModule } from '../locator-index/locator-index.module';
import { BusConnections } from './bus-connections';
import { BusHealthIndicator } from './bus.health-indicator';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), LocatorIndexModule],
  controllers: [HealthController],
  providers: [BusConnections, BusHealthIndicator],
  exports: [BusConnections],
})
export class HealthModule {}
