import type { HandoversService } from '../../handover/handovers.service';
import type { HandoverHealthItem, HandoverHealthSource } from './handover-health.source';

/** The handover saga's operator list (`listHandovers('in-flight')`) as the console's handover figures. */
export class HandoversHealthAdapter implements HandoverHealthSource {
  constructor(private readonly handovers: HandoversService) {}

  async inFlight(): Promise<HandoverHealthItem[]> {
    const list = await this.handovers.listHandovers('in-flight');
    return list.map((handover) => ({
      id: handover.id,
      fromLa: handover.fromLa,
      toLa: handover.toLa,
      state: handover.step,
      startedAt: handover.createdAt,
      updatedAt: handover.stepAt,
      stuck: handover.stuck,
    }));
  }
}
