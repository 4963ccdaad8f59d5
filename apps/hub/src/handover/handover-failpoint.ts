import { defineFailpoints } from '@cp/failpoints';

/**
 * Test-only failpoints: `HANDOVER_FAILPOINT=<step>[:<kind>][@<childId>]` makes the process SIGKILL itself
 * right after that step's commit, so e2e tests can crash a party exactly there. Refused at start unless
 * NODE_ENV=test, so production never honours one (`@cp/failpoints`).
 */
export const HUB_FAILPOINTS = ['hub-step-applied', 'hub-delivered'] as const;
export type HubFailpoint = (typeof HUB_FAILPOINTS)[number];

export const { checkSetting: checkFailpointSetting, trigger: failpoint } = defineFailpoints(
  'HANDOVER_FAILPOINT',
  HUB_FAILPOINTS,
);
