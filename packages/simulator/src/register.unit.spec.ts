import { simulatedVin } from './register';

describe('simulatedVin', () => {
  it('makes valid VINs (17 of A-H, J-N, P, R-Z, 0-9), distinct per vehicle', () => {
    const vins = Array.from({ length: 5000 }, (_, i) => simulatedVin('A1B2C3', i));
    for (const vin of vins) expect(vin).toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);
    expect(new Set(vins).size).toBe(vins.length);
  });
});
