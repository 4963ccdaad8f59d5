/**
 * Test-only failpoints: `HANDOVER_FAILPOINT=<step>[:<kind>][@<childId>]` makes the process SIGKILL itself
 * right after that step's commit, so e2e tests can crash a party exactly there. Refused at start unless
 * NODE_ENV=test, so production never honours one.
 */
export const HUB_FAILPOINTS = ['hub-step-applied', 'hub-delivered'] as const;
export type HubFailpoint = (typeof HUB_FAILPOINTS)[number];

export function checkFailpointSetting(value: string | undefined): void {
  if (!value) return;
  if (process.env.NODE_ENV !== 'test')
    throw new Error('Invalid setting HANDOVER_FAILPOINT: honoured only when NODE_ENV=test');
  const [step] = value.split('@')[0].split(':');
  if (!(HUB_FAILPOINTS as readonly string[]).includes(step))
    throw new Error(`Invalid setting HANDOVER_FAILPOINT: one of ${HUB_FAILPOINTS.join(', ')}`);
}

/** `detail` narrows a step, e.g. `hub-step-applied:received` (a step kind) matches only that kind. */
export function failpoint(
  setting: string | undefined,
  step: HubFailpoint,
  childId: string,
  detail?: string,
): void {
  if (!setting || process.env.NODE_ENV !== 'test') return;
  const [name, child] = setting.split('@');
  const matches = name === step || (detail !== undefined && name === `${step}:${detail}`);
  if (matches && (child === undefined || child === childId)) process.kill(process.pid, 'SIGKILL');
}
