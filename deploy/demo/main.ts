import 'reflect-metadata';
import { exitOnSettingsError, loadSettings } from '@cp/config';
import { Demo, DemoStopped, log } from './demo';
import { DemoSettings } from './demo-settings';
import { DemoSecrets, demoDirectory } from './demo-state';

/** `npm run demo`: the hub and three LA nodes on this machine, until Ctrl-C. */
async function main(): Promise<number> {
  const settings = loadSettings(DemoSettings);
  const dir = demoDirectory();
  const demo = new Demo(settings, dir, DemoSecrets.in(dir));

  let signalled = false;
  let firstSignalAt = 0;
  const stop = (signal: NodeJS.Signals) => {
    // At a terminal, npm forwards the Ctrl-C the launcher already received: only a later one means "force".
    if (signalled && Date.now() - firstSignalAt < 2000) return;
    if (signalled) {
      log(`${signal} again: killing everything now`);
      demo.killNow();
      process.exit(1);
    }
    signalled = true;
    firstSignalAt = Date.now();
    log(`${signal}: stopping the services, then the database (press Ctrl-C again to kill at once)`);
    void demo.shutdown();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('exit', () => demo.killNow());

  try {
    await demo.start();
    const nothingLeft = await Promise.race([
      demo.supervise().then(() => true),
      demo.stopRequested.then(() => false),
    ]);
    if (nothingLeft && !signalled) {
      log('every service was given up: stopping the demo');
      await demo.shutdown();
      return 1;
    }
  } catch (error) {
    if (!(error instanceof DemoStopped) && !signalled) {
      console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
      await demo.shutdown();
      return 1;
    }
  }
  await demo.shutdown();
  log('stopped cleanly');
  return 0;
}

main().then((code) => process.exit(code), exitOnSettingsError);
