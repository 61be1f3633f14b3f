import { z } from 'zod';

/** 17 characters of A-H, J-N, P, R-Z, 0-9 (no I, O, Q). Lower case is accepted and stored upper case. */
export const Vin = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-HJ-NPR-Z0-9]{17}$/, 'a VIN is 17 characters of A-H, J-N, P, R-Z and 0-9'));
export type Vin = z.infer<typeof Vin>;

export const CustomerId = z.uuid();
export type CustomerId = z.infer<typeof CustomerId>;

export const GatewayId = z.uuid();

/** Registration number as printed on the plate: letters, digits, spaces and dashes. */
export const RegNo = z
  .string()
  .trim()
  .min(1)
  .max(16)
  .regex(/^[\p{L}\p{N} -]+$/u, 'letters, digits, spaces and dashes');

/** An offline timeout in seconds: from one second to one week. */
export const TimeoutSeconds = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 3600);

export const IsoDateTime = z.iso.datetime({ offset: true });

/** sha256 of a device or gateway token, hex; the token itself is shown once and never stored. */
export const TokenHash = z.string().regex(/^[0-9a-f]{64}$/);
