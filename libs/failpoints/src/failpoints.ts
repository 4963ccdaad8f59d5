/**
 * Test-only failpoints: a setting `<step>[:<detail>][@<childId>]` makes the process SIGKILL itself at that
 * step, so e2e tests can crash a party exactly there. Refused at start unless NODE_ENV=test, and never
 * honoured outside tests, so production never kills itself on one. Each app names its own steps.
 */
export interface Failpoints<Step extends string> {
  /** At start: throws one line naming the setting if it is set outside tests or names an unknown step. */
  readonly checkSetting: (value: string | undefined) => void;
  /** `detail` narrows a step, e.g. `hub-step-applied:received` (a step kind) matches only that kind. */
  readonly trigger: (setting: string | undefined, step: Step, childId: string, detail?: string) => void;
}

export function defineFailpoints<Step extends string>(
  settingName: string,
  steps: readonly Step[],
): Failpoints<Step> {
  return {
    checkSetting: (value) => {
      if (!value) return;
      if (process.env.NODE_ENV !== 'test')
        throw new Error(`Invalid setting ${settingName}: honoured only when NODE_ENV=test`);
      const [step] = value.split('@')[0].split(':');
      if (!(steps as readonly string[]).includes(step))
        throw new Error(`Invalid setting ${settingName}: one of ${steps.join(', ')}`);
    },
    trigger: (setting, step, childId, detail) => {
      if (!setting || process.env.NODE_ENV !== 'test') return;
      const [name, child] = setting.split('@');
      const matches = name === step || (detail !== undefined && name === `${step}:${detail}`);
      if (matches && (child === undefined || child === childId)) process.kill(process.pid, 'SIGKILL');
    },
  };
}
