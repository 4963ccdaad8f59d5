import { defineFailpoints } from '@cp/failpoints';

/**
 * Test-only failpoints: `HANDOVER_FAILPOINT=<step>[:<kind>][@<childId>]` makes the node SIGKILL itself
 * right after that step's commit (before it acknowledges or answers), so e2e tests crash a party exactly
 * there. Refused at start unless NODE_ENV=test, so production never honours one (`@cp/failpoints`).
 */
export const NODE_FAILPOINTS = [
  'sender-started',
  'receiver-accepted',
  'sender-package',
  'receiver-package',
  'sender-completed',
  'receiver-completed',
  'step-published',
] as const;
export type NodeFailpoint = (typeof NODE_FAILPOINTS)[number];

export const { checkSetting: checkFailpointSetting, trigger: failpoint } = defineFailpoints(
  'HANDOVER_FAILPOINT',
  NODE_FAILPOINTS,
);
