import { ServiceSettings } from '@cp/config';

/** The hub's settings, read from the environment and validated at start (see README, "Settings"). */
export class HubSettings extends ServiceSettings {}

export const HUB_SETTINGS = Symbol('HUB_SETTINGS');
