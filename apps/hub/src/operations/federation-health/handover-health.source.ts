/** Handovers as the operators' console shows them: ids, LA codes, states and times only. */
export interface HandoverHealthItem {
  id: string;
  fromLa: string;
  toLa: string;
  state: string;
  startedAt: string;
  updatedAt: string;
  stuck: boolean;
}

export interface HandoverHealth {
  available: boolean;
  inFlight: number;
  stuck: number;
  items: HandoverHealthItem[];
}

/**
 * The seam to the handover saga (apps/hub/src/handover): FederationHealthModule provides it with
 * HandoversHealthAdapter over `HandoversService.listHandovers('in-flight')`. Without a provider the console,
 * the overview API and /metrics say handovers are "not available".
 */
export const HANDOVER_HEALTH_SOURCE = Symbol('HANDOVER_HEALTH_SOURCE');

export interface HandoverHealthSource {
  /** Handovers not yet finished, each marked stuck when it has not moved for too long. */
  inFlight(now: Date): Promise<HandoverHealthItem[]>;
}

export const HANDOVERS_NOT_AVAILABLE: HandoverHealth = { available: false, inFlight: 0, stuck: 0, items: [] };
