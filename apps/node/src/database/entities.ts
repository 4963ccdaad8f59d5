/** Every entity of the node's schema. */
export const NODE_ENTITIES = [];
