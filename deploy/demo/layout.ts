import { laProfile } from '@cp/synthetic';
import type { DemoSettings } from './demo-settings';

/** One service of the demo federation: what runs, where it listens and which database it owns. */
export interface DemoService {
  /** Short name used to prefix its output lines. */
  name: string;
  kind: 'hub' | 'node';
  /** The dist entry point, relative to the repository root. */
  entry: string;
  httpPort: number;
  database: string;
  /** For a node: its LA. */
  la?: { code: string; name: string };
}

/** The LAs of the demo, by ONS code: Westminster, Birmingham and Kent. */
export const DEMO_LAS = ['E09000033', 'E08000025', 'E10000016'] as const;

export function demoLayout(settings: DemoSettings): DemoService[] {
  const hub: DemoService = {
    name: 'hub',
    kind: 'hub',
    entry: 'dist/apps/hub/main.js',
    httpPort: settings.DEMO_BASE_PORT,
    database: 'cp_hub',
  };
  const nodes = DEMO_LAS.map((code, index): DemoService => {
    const profile = laProfile(code);
    return {
      name: profile.name.toLowerCase(),
      kind: 'node',
      entry: 'dist/apps/node/main.js',
      httpPort: settings.DEMO_BASE_PORT + 1 + index,
      database: `cp_node_${code.toLowerCase()}`,
      la: { code, name: profile.name },
    };
  });
  return [hub, ...nodes];
}
