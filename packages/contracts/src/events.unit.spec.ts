import { HeartbeatRecorded, Vin, VehicleTrackerEvent } from '.';

describe('Vin', () => {
  it('accepts lower case and stores upper case', () => {
    expect(Vin.parse('ys2r4x20005399401')).toBe('YS2R4X20005399401');
  });
  it.each([
    'YS2R4X2000539940',
    'YS2R4X200053994011',
    'YS2R4X2000539940I',
    'YS2R4X2000539940O',
    'YS2R4X2000539940Q',
    '',
  ])('refuses %j', (vin) => {
    expect(Vin.safeParse(vin).success).toBe(false);
  });
});

describe('VehicleTrackerEvent', () => {
  it('parses a heartbeat and fills the schema version', () => {
    const e = VehicleTrackerEvent.parse({
      type: 'HeartbeatRecorded',
      data: { vin: 'YS2R4X20005399401', receivedAt: '2026-11-25T07:00:00.000Z' },
      metadata: {},
    });
    expect(e.metadata.schemaVersion).toBe(1);
  });
  it('refuses a heartbeat whose sentAt is not a date', () => {
    const r = HeartbeatRecorded.safeParse({
      type: 'HeartbeatRecorded',
      data: { vin: 'YS2R4X20005399401', receivedAt: '2026-11-25T07:00:00Z', sentAt: 'yesterday' },
      metadata: {},
    });
    expect(r.success).toBe(false);
  });
  it('refuses an unknown event type', () => {
    expect(VehicleTrackerEvent.safeParse({ type: 'Nope', data: {}, metadata: {} }).success).toBe(false);
  });
});
