import { randomUUID } from 'node:crypto';
import { MemoryModel } from '../test-support/memory-model';
import { customerRegistered, heartbeat, randomVin, vehicleRegistered } from '../test-support/builders';

const T0 = '2026-01-01T10:00:00.000Z';
const plus = (seconds: number, from = T0) => new Date(new Date(from).getTime() + seconds * 1000);

/** Given a customer and one registered vehicle (default timeout 60 s). */
function givenVehicle() {
  const model = new MemoryModel(60);
  const customerId = randomUUID();
  const vin = randomVin();
  model.apply([customerRegistered(T0, { customerId }), vehicleRegistered(T0, customerId, { vin })]);
  return { model, customerId, vin };
}

describe('registration', () => {
  it('starts never-seen, counted as not online, with a never-seen interval from registration', () => {
    const model = new MemoryModel(60);
    const customerId = randomUUID();
    const vin = randomVin();
    model.apply([customerRegistered(T0, { customerId })]);
    const published = model.apply([vehicleRegistered(plus(1), customerId, { vin })]);
    expect(model.vehicle(vin)).toMatchObject({
      status: 'never-seen',
      statusSince: null,
      lastHeartbeatAt: null,
    });
    expect(model.vehicle(vin).effectiveTimeoutSeconds).toBe(60);
    expect(model.customer(customerId)).toMatchObject({ vehicleCount: 1, onlineCount: 0, offlineCount: 1 });
    expect(model.intervals(vin)).toEqual([['never-seen', plus(1).toISOString(), null]]);
    expect(published).toEqual([expect.objectContaining({ vin, status: 'never-seen', at: plus(1) })]);
  });
});

describe('heartbeats and the deadline', () => {
  it('goes online at the first heartbeat and stays online until the deadline', () => {
    const { model, customerId, vin } = givenVehicle();
    model.apply([heartbeat(vin, plus(10))]);
    expect(model.vehicle(vin)).toMatchObject({
      status: 'online',
      statusSince: plus(10),
      lastHeartbeatAt: plus(10),
      offlineAt: plus(70),
      heartbeatCount: 1,
    });
    expect(model.customer(customerId)).toMatchObject({ onlineCount: 1, offlineCount: 0 });
    expect(model.intervals(vin)).toEqual([
      ['never-seen', T0, plus(10).toISOString()],
      ['online', plus(10).toISOString(), null],
    ]);
    model.passTime(new Date(plus(70).getTime() - 1));
    expect(model.vehicle(vin).status).toBe('online');
  });

  it('flips to offline at the deadline itself, however late the flip runs', () => {
    const { model, customerId, vin } = givenVehicle();
    model.apply([heartbeat(vin, plus(10)), heartbeat(vin, plus(40))]);
    const published = model.passTime(plus(500));
    expect(model.vehicle(vin)).toMatchObject({
      status: 'offline',
      statusSince: plus(100),
      lastHeartbeatAt: plus(40),
    });
    expect(model.intervals(vin).slice(1)).toEqual([
      ['online', plus(10).toISOString(), plus(100).toISOString()],
      ['offline', plus(100).toISOString(), null],
    ]);
    expect(model.customer(customerId)).toMatchObject({ onlineCount: 0, offlineCount: 1 });
    expect(published).toEqual([expect.objectContaining({ vin, status: 'offline', at: plus(100) })]);
  });

  it('is offline at exactly last heartbeat + timeout (online strictly before)', () => {
    const { model, vin } = givenVehicle();
    model.apply([heartbeat(vin, plus(0))]);
    model.passTime(plus(60));
    expect(model.vehicle(vin)).toMatchObject({ status: 'offline', statusSince: plus(60) });
  });

  it('records the gap when a heartbeat follows a silence longer than the timeout (replay, no flip ran)', () => {
    const { model, vin } = givenVehicle();
    model.apply([heartbeat(vin, plus(10)), heartbeat(vin, plus(200)), heartbeat(vin, plus(230))]);
    expect(model.intervals(vin).slice(1)).toEqual([
      ['online', plus(10).toISOString(), plus(70).toISOString()],
      ['offline', plus(70).toISOString(), plus(200).toISOString()],
      ['online', plus(200).toISOString(), null],
    ]);
    expect(model.vehicle(vin)).toMatchObject({
      status: 'online',
      statusSince: plus(200),
      offlineAt: plus(290),
    });
  });

  it('ignores device clocks: sentAt far in the past or future changes nothing', () => {
    const { model, vin } = givenVehicle();
    model.apply([
      heartbeat(vin, plus(10), { sentAt: '1999-01-01T00:00:00Z' }),
      heartbeat(vin, plus(20), { sentAt: '2099-01-01T00:00:00Z' }),
      heartbeat(vin, plus(30), { sentAt: '2000-01-01T00:00:00Z' }),
    ]);
    expect(model.vehicle(vin)).toMatchObject({
      lastHeartbeatAt: plus(30),
      offlineAt: plus(90),
      heartbeatCount: 3,
    });
  });

  it('counts a heartbeat committed after a newer one but never moves last_heartbeat_at back', () => {
    const { model, vin } = givenVehicle();
    model.apply([heartbeat(vin, plus(20))]);
    model.apply([heartbeat(vin, plus(19.99))]);
    expect(model.vehicle(vin)).toMatchObject({
      lastHeartbeatAt: plus(20),
      offlineAt: plus(80),
      heartbeatCount: 2,
    });
  });

  it('undoes a flip when a heartbeat received before the deadline commits after the flip', () => {
    const { model, customerId, vin } = givenVehicle();
    model.apply([heartbeat(vin, plus(10))]);
    model.passTime(plus(70)); // live flip at the deadline
    expect(model.vehicle(vin).status).toBe('offline');
    const published = model.apply([heartbeat(vin, plus(69.999), { recordedAt: plus(70.01) })]);
    expect(model.vehicle(vin)).toMatchObject({
      status: 'online',
      statusSince: plus(10),
      offlineAt: plus(129.999),
    });
    expect(model.intervals(vin).slice(1)).toEqual([['online', plus(10).toISOString(), null]]);
    expect(model.customer(customerId)).toMatchObject({ onlineCount: 1, offlineCount: 0 });
    expect(published).toEqual([expect.objectContaining({ vin, status: 'online', at: plus(10) })]);
  });

  it('keeps a flip when the late heartbeat is not newer than the last one', () => {
    const { model, vin } = givenVehicle();
    model.apply([heartbeat(vin, plus(10))]);
    model.passTime(plus(70));
    model.apply([heartbeat(vin, plus(9))]);
    expect(model.vehicle(vin)).toMatchObject({ status: 'offline', statusSince: plus(70), heartbeatCount: 2 });
  });

  it('counts heartbeats per vehicle and hour of receipt', () => {
    const { model, vin } = givenVehicle();
    model.apply([heartbeat(vin, '2026-01-01T10:59:59.000Z'), heartbeat(vin, '2026-01-01T11:00:00.000Z')]);
    model.apply([heartbeat(vin, '2026-01-01T11:30:00.000Z')]);
    const h10 = Date.parse('2026-01-01T10:00:00Z');
    const h11 = Date.parse('2026-01-01T11:00:00Z');
    expect(model.hourlyRows.get(`${vin}|${h10}`)).toBe(1);
    expect(model.hourlyRows.get(`${vin}|${h11}`)).toBe(2);
  });
});
