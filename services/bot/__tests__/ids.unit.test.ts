import { describe, expect, it } from 'vitest';
import { deterministicEventId, nonceFor, snowflakeTime } from '../src/ids.ts';

describe('ids', () => {
  it('nonces fit Discord’s 25 characters and are stable per event', () => {
    const nonce = nonceFor('0190a6f2-0000-7000-8000-000000000000');
    expect(nonce).toHaveLength(24);
    expect(nonce).toBe(nonceFor('0190a6f2-0000-7000-8000-000000000000'));
    expect(nonce).not.toBe(nonceFor('0190a6f2-0000-7000-8000-000000000001'));
  });

  it('event ids are UUIDv7-shaped, time-prefixed and a function of their key', () => {
    const t = snowflakeTime('1300000000000000000');
    const id = deterministicEventId('gateway.message.created:1300000000000000000', t);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(t);
    expect(deterministicEventId('gateway.message.created:1300000000000000000', t)).toBe(id);
    expect(deterministicEventId('gateway.message.created:1300000000000000001', t)).not.toBe(id);
  });

  it('reads a snowflake’s time', () => {
    expect(snowflakeTime('175928847299117063')).toBe(1462015105796);
  });
});
