import { z } from 'zod';
import { IsoDateTime } from './primitives';

/**
 * Operator sign-in (issue 9): the query service's /api/v1/auth routes and the heartbeat service's
 * /api/v1/admin/operators routes.
 */

/** Trimmed and lower-cased; letters, digits and . _ @ - (an e-mail address fits), at most 64 characters. */
export const OperatorUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9._@-]{0,63}$/,
    'letters, digits and . _ @ -, at most 64, starting with a letter or digit',
  );
export type OperatorUsername = z.infer<typeof OperatorUsername>;

/** 12 to 256 characters, anything else free (no composition rules). */
export const OperatorPassword = z.string().min(12).max(256);

/**
 * What a sign-in sends. The username is only trimmed and lower-cased here (not checked against the account
 * rules), so a malformed username answers the same 401 as an unknown one.
 */
export const LoginBody = z.object({
  username: z.string().trim().toLowerCase().min(1).max(256),
  password: z.string().min(1).max(1024),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const LoginResponse = z.object({
  username: z.string(),
  token: z.string().describe('also set as the vt_session cookie (HttpOnly); send as Authorization: Bearer'),
  expiresAt: IsoDateTime,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const SessionResponse = z.object({
  username: z.string().nullable().describe('null when OPERATOR_AUTH=off'),
  expiresAt: IsoDateTime.nullable(),
  authRequired: z.boolean().describe('false when OPERATOR_AUTH=off: the dashboard skips sign-in'),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

export const CreateOperatorBody = z.object({ username: OperatorUsername, password: OperatorPassword });
export type CreateOperatorBody = z.infer<typeof CreateOperatorBody>;

export const OperatorCreatedResponse = z.object({ username: z.string(), createdAt: IsoDateTime });
export type OperatorCreatedResponse = z.infer<typeof OperatorCreatedResponse>;

export const OperatorListResponse = z.object({
  items: z.array(z.object({ username: z.string(), createdAt: IsoDateTime, disabled: z.boolean() })),
});
export type OperatorListResponse = z.infer<typeof OperatorListResponse>;

export const SetOperatorPasswordBody = z.object({ password: OperatorPassword });
export type SetOperatorPasswordBody = z.infer<typeof SetOperatorPasswordBody>;
