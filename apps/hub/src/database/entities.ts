/** Every entity of the hub's schema. */
export const HUB_ENTITIES = [];
