import { TolerantNatsDeserializer } from './tolerant-nats.deserializer';

describe('TolerantNatsDeserializer', () => {
  const deserializer = new TolerantNatsDeserializer();
  const channel = 'cp.v1.hub.*.ping';

  it('reads a NestJS packet as Nest does', () => {
    const packet = { pattern: 'cp.v1.hub.E09000033.ping', data: { v: 1 }, id: 'a1' };
    expect(deserializer.deserialize(Buffer.from(JSON.stringify(packet)), { channel })).toEqual(packet);
  });

  it('hands on bytes that are not JSON as an event without data, instead of throwing', () => {
    for (const bytes of [Buffer.from('{'), Buffer.from([0xff, 0x00, 0x01]), Buffer.alloc(0)]) {
      expect(deserializer.deserialize(bytes, { channel })).toEqual({ pattern: channel, data: undefined });
    }
  });
});
