/** Every `{ vin, token }` (or `deviceToken`) pair anywhere in an admin API answer. */
export function tokensIn(value: unknown, found: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(value)) value.forEach((v) => tokensIn(v, found));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const token = o.deviceToken ?? o.token;
    if (typeof o.vin === 'string' && typeof token === 'string') found[o.vin] = token;
    Object.values(o).forEach((v) => tokensIn(v, found));
  }
  return found;
}
