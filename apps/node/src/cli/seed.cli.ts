import { NestFactory } from '@nestjs/core';
import { InvalidArgumentError, type Command } from 'commander';
import { loadSettings } from '@cp/config';
import { logLevelsFrom } from '@cp/http';
import { NodeSettings } from '../config/node-settings';
import { isIsoCalendarDate, todayIso } from '../record-store/dto/field-rules';
import { RateLimitsModule } from '../rate-limits/rate-limits.module';
import { SeedModule } from '../seed/seed.module';
import { NodeCliModule } from './node-cli.module';
import { SeedService } from '../seed/seed.service';

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

function isoDate(value: string): string {
  if (!isIsoCalendarDate(value)) {
    throw new InvalidArgumentError('must be a date written YYYY-MM-DD');
  }
  return value;
}

interface SeedOptions {
  count: number;
  seed: number;
  referenceDate: string;
}

async function seed(options: SeedOptions): Promise<void> {
  const settings = loadSettings(NodeSettings);
  const app = await NestFactory.createApplicationContext(
    NodeCliModule.register(settings, [RateLimitsModule, SeedModule]),
    {
      logger: logLevelsFrom(settings.LOG_LEVEL),
    },
  );
  // A stop request lets the record in hand finish; every record is its own transaction, so none is half written.
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await app.get(SeedService).seed({ ...options, signal: stop.signal });
    // A CLI's result is its output, whatever LOG_LEVEL says.
    // eslint-disable-next-line no-console
    console.log(
      `Node ${settings.NODE_LA_CODE}: ${result.existing} children before, ${result.created} created`,
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await app.close();
  }
}

/** `seed`: loads deterministic synthetic children (demo and trials only; never on a live node). */
export function registerSeedCommands(program: Command): void {
  program
    .command('seed')
    .description('Load synthetic children into this node until it holds --count of them (idempotent)')
    .option('--count <n>', 'children the node should hold', wholeNumber, 500)
    .option('--seed <n>', 'seed of the synthetic data', wholeNumber, 2026)
    .option('--reference-date <YYYY-MM-DD>', 'children are aged 0 to 17 on this date', isoDate, todayIso())
    .action(seed);
}
