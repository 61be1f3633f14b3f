import { randomUUID } from 'node:crypto';
import { MemoryModel } from '../test-support/memory-model';
import {
  customerRegistered,
  customerTimeoutSet,
  customerUpdated,
  heartbeat,
  randomVin,
  vehicleRegistered,
  vehicleRetired,
  vehicleTimeoutSet,
  vehicleTransferred,
} from '../test-support/builders';

const T0 = '2026-01-01T10:00:00.000Z';
const plus = (seconds: number) => new Date(new Date(T0).getTime() + seconds * 1000);

function givenOnlineVehicle(lastHeartbeat = 10) {
  const model = new MemoryModel(60);
  const customerId = randomUUID();
  const vin = randomVin();
  model.apply([
    customerRegistered(T0, { customerId, name: 'Acme' }),
    vehicleRegistered(T0, customerId, { vin, regNo: 'AB-123' }),
    heartbeat(vin, plus(lastHeartbeat)),
  ]);
  return { model, customerId, vin };
}

describe('a retired vehicle', () => {
  it('leaves the counts, closes its open interval at retirement and ignores later heartbeats', () => {
    const { model, customerId, vin } = givenOnlineVehicle();
    const published = model.apply([vehicleRetired(plus(30), vin)]);
    expect(model.customer(customerId)).toMatchObject({ vehicleCount: 0, onlineCount: 0, offlineCount: 0 });
    expect(model.vehicle(vin)).toMatchObject({ retiredAt: plus(30), offlineAt: null });
    expect(model.intervals(vin).at(-1)).toEqual(['online', plus(10).toISOString(), plus(30).toISOString()]);
    expect(published).toEqual([expect.objectContaining({ vin, status: 'retired', at: plus(30) })]);

    model.apply([heartbeat(vin, plus(40))]);
    model.passTime(plus(1000));
    expect(model.vehicle(vin)).toMatchObject({
      heartbeatCount: 1,
      lastHeartbeatAt: plus(10),
      retiredAt: plus(30),
    });
    expect(model.intervals(vin).at(-1)).toEqual(['online', plus(10).toISOString(), plus(30).toISOString()]);
  });

  it('retired after its deadline passed records the offline time before retirement', () => {
    const { model, vin } = givenOnlineVehicle();
    model.apply([vehicleRetired(plus(100), vin)]);
    expect(model.intervals(vin).slice(1)).toEqual([
      ['online', plus(10).toISOString(), plus(70).toISOString()],
      ['offline', plus(70).toISOString(), plus(100).toISOString()],
    ]);
  });
});

describe('timeout changes', () => {
  it('while offline: stays offline since the same instant; the next heartbeat uses the new timeout', () => {
    const { model, vin } = givenOnlineVehicle();
    model.passTime(plus(100));
    model.apply([vehicleTimeoutSet(plus(200), vin, 300)]);
    expect(model.vehicle(vin)).toMatchObject({
      status: 'offline',
      statusSince: plus(70),
      effectiveTimeoutSeconds: 300,
    });
    model.passTime(plus(250));
    model.apply([heartbeat(vin, plus(260))]);
    expect(model.vehicle(vin)).toMatchObject({
      status: 'online',
      statusSince: plus(260),
      offlineAt: plus(560),
    });
  });

  it('a longer timeout while online moves the deadline later', () => {
    const { model, vin } = givenOnlineVehicle();
    model.apply([vehicleTimeoutSet(plus(30), vin, 120)]);
    model.passTime(plus(100));
    expect(model.vehicle(vin)).toMatchObject({ status: 'online', offlineAt: plus(130) });
  });

  it('a shorter timeout whose deadline has not passed yet moves the deadline earlier', () => {
    const { model, vin } = givenOnlineVehicle();
    model.apply([vehicleTimeoutSet(plus(15), vin, 10)]);
    model.passTime(plus(100));
    expect(model.vehicle(vin)).toMatchObject({ status: 'offline', statusSince: plus(20) });
  });

  it('a shorter timeout whose deadline already passed takes the vehicle offline when it was set, not before', () => {
    const { model, vin } = givenOnlineVehicle();
    model.apply([vehicleTimeoutSet(plus(40), vin, 10)]);
    model.passTime(plus(100));
    expect(model.vehicle(vin)).toMatchObject({ status: 'offline', statusSince: plus(40) });
    expect(model.intervals(vin).slice(1)).toEqual([
      ['online', plus(10).toISOString(), plus(40).toISOString()],
      ['offline', plus(40).toISOString(), null],
    ]);
  });

  it('back to the default (null) falls back to the customer timeout, then OFFLINE_AFTER', () => {
    const { model, customerId, vin } = givenOnlineVehicle();
    model.apply([customerTimeoutSet(plus(11), customerId, 90), vehicleTimeoutSet(plus(12), vin, 20)]);
    expect(model.vehicle(vin)).toMatchObject({ effectiveTimeoutSeconds: 20, offlineAt: plus(30) });
    model.apply([vehicleTimeoutSet(plus(13), vin, null)]);
    expect(model.vehicle(vin)).toMatchObject({ effectiveTimeoutSeconds: 90, offlineAt: plus(100) });
    model.apply([customerTimeoutSet(plus(14), customerId, null)]);
    expect(model.vehicle(vin)).toMatchObject({ effectiveTimeoutSeconds: 60, offlineAt: plus(70) });
  });

  it('a customer timeout applies to its vehicles without their own, not to those with one', () => {
    const { model, customerId, vin } = givenOnlineVehicle();
    const own = randomVin();
    model.apply([vehicleRegistered(plus(1), customerId, { vin: own }), vehicleTimeoutSet(plus(2), own, 30)]);
    model.apply([customerTimeoutSet(plus(20), customerId, 600)]);
    expect(model.vehicle(vin).effectiveTimeoutSeconds).toBe(600);
    expect(model.vehicle(own).effectiveTimeoutSeconds).toBe(30);
    model.apply([vehicleRegistered(plus(21), customerId, { vin: randomVin() })]);
    expect([...model.vehicles.values()].map((v) => v.effectiveTimeoutSeconds).sort()).toEqual([30, 600, 600]);
  });
});

describe('customers', () => {
  it('a transfer moves the vehicle between the counts and takes the new customer name and timeout', () => {
    const { model, customerId, vin } = givenOnlineVehicle();
    const to = randomUUID();
    model.apply([
      customerRegistered(plus(1), { customerId: to, name: 'Beta' }),
      customerTimeoutSet(plus(2), to, 300),
    ]);
    const published = model.apply([vehicleTransferred(plus(20), vin, customerId, to)]);
    expect(model.customer(customerId)).toMatchObject({ vehicleCount: 0, onlineCount: 0 });
    expect(model.customer(to)).toMatchObject({ vehicleCount: 1, onlineCount: 1, offlineCount: 0 });
    expect(model.vehicle(vin)).toMatchObject({ customerId: to, customerName: 'Beta', offlineAt: plus(310) });
    expect(model.vehicle(vin).searchText).toBe(`${vin.toLowerCase()} ab-123 beta`);
    expect(published).toEqual([expect.objectContaining({ vin, customerId: to, status: 'online' })]);
  });

  it('a rename updates customer_name and search_text (Unicode-aware lower case, NFC)', () => {
    const { model, customerId, vin } = givenOnlineVehicle();
    model.apply([customerUpdated(plus(5), customerId, 'A\u030ANGSTRÖM Åkeri')]);
    expect(model.customer(customerId).name).toBe('A\u030ANGSTRÖM Åkeri');
    expect(model.vehicle(vin).searchText).toBe(`${vin.toLowerCase()} ab-123 ångström åkeri`);
    expect(model.vehicle(vin).searchText.normalize('NFC')).toBe(model.vehicle(vin).searchText);
  });
});
