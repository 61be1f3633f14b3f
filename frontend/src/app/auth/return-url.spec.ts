import { HOME_URL, safeReturnUrl } from './return-url';

describe('safeReturnUrl', () => {
  it('keeps a path of the app, query and fragment included', () => {
    expect(safeReturnUrl('/vehicles/ABC?range=7d#x')).toBe('/vehicles/ABC?range=7d#x');
    expect(safeReturnUrl('/customers')).toBe('/customers');
  });

  it('gives the start page for nothing, other origins, schemes and the login page itself', () => {
    for (const value of [
      null,
      undefined,
      '',
      'vehicles',
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/login',
      '/login?returnUrl=%2Fvehicles',
    ]) {
      expect(safeReturnUrl(value)).withContext(String(value)).toBe(HOME_URL);
    }
    expect(safeReturnUrl('/logins')).toBe('/logins');
  });
});
