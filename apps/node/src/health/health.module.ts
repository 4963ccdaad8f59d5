import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CrossBoundarySearchModule } from '../cross-boundary-search/cross-boundary-search.module';
import { BusHealthIndicator } from './bus.health-indicator';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), CrossBoundarySearchModule],
  controllers: [HealthController],
  providers: [BusHealthIndicator],
  exports: [BusHealthIndicator],
})
export class HealthModule {}
