import { registerVehicle, retireVehicle, rotateVehicleToken, transferVehicle } from './vehicle-commands';
import { registerCustomer, updateCustomer } from './customer-commands';
import type { CustomerState, VehicleState } from './registry';

const hash = 'a'.repeat(64);
const customer = (id: string): CustomerState => ({
  customerId: id,
  name: `C ${id}`,
  address: '',
  timeoutSeconds: null,
  position: 1,
});
const vehicle = (over: Partial<VehicleState> = {}): VehicleState => ({
  vin: 'YS2R4X20005399401',
  regNo: 'ABC123',
  customerId: 'c1',
  tokenHash: hash,
  timeoutSeconds: null,
  retiredAt: null,
  position: 5,
  ...over,
});

describe('vehicle commands', () => {
  it('registers a new vehicle on a new stream (expected 0)', () => {
    const d = registerVehicle(
      { vin: 'YS2R4X20005399401', regNo: 'A1', customerId: 'c1', tokenHash: hash },
      null,
      customer('c1'),
    );
    expect(d.expected).toEqual({ 'vehicle-YS2R4X20005399401': 0 });
    expect(d.events[0]!.type).toBe('VehicleRegistered');
  });
  it('refuses a duplicate (409) and an unknown customer (422)', () => {
    const input = { vin: 'YS2R4X20005399401', regNo: 'A1', customerId: 'c1', tokenHash: hash };
    expect(() => registerVehicle(input, vehicle(), customer('c1'))).toThrow(
      expect.objectContaining({ status: 409 }),
    );
    expect(() => registerVehicle(input, null, null)).toThrow(expect.objectContaining({ status: 422 }));
  });
  it('transfers with the position it decided on; to the same customer is a no-op', () => {
    const d = transferVehicle(vehicle(), customer('c2'), 'c2');
    expect(d).toEqual({
      events: [
        {
          streamId: 'vehicle-YS2R4X20005399401',
          type: 'VehicleTransferred',
          data: { vin: 'YS2R4X20005399401', fromCustomerId: 'c1', toCustomerId: 'c2' },
        },
      ],
      expected: { 'vehicle-YS2R4X20005399401': 5 },
    });
    expect(transferVehicle(vehicle(), customer('c1'), 'c1').events).toEqual([]);
  });
  it('retires once; a retired vehicle cannot rotate its token', () => {
    expect(retireVehicle(vehicle(), undefined).events).toHaveLength(1);
    const retired = vehicle({ retiredAt: new Date() });
    expect(retireVehicle(retired, 'again').events).toEqual([]);
    expect(() => rotateVehicleToken(retired, hash)).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => rotateVehicleToken(null, hash)).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe('customer commands', () => {
  it('refuses a taken name and allows renaming to a name only the customer itself has', () => {
    expect(() => registerCustomer({ customerId: 'c9', name: 'x', address: '' }, customer('c1'))).toThrow(
      expect.objectContaining({ status: 409 }),
    );
    const self = customer('c1');
    expect(updateCustomer(self, { name: self.name }, self).events).toEqual([]);
    expect(updateCustomer(self, { name: 'C C1' }, self).events[0]!.type).toBe('CustomerUpdated');
    expect(() => updateCustomer(self, { name: 'C c2' }, customer('c2'))).toThrow(
      expect.objectContaining({ status: 409 }),
    );
  });
});
