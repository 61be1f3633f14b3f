export { hashPassword, verifyPassword } from './password';
export { createSessionToken, hashSessionToken, isSessionTokenShaped } from './session-token';
export type { SqlClient } from './sql-client';
export {
  findOperator,
  insertOperator,
  listOperators,
  setOperatorPassword,
  deleteOperator,
  countEnabledOperators,
  type OperatorAccount,
  type OperatorSummary,
} from './accounts-sql';
export {
  insertSession,
  findSession,
  deleteSession,
  deleteExpiredSessions,
  type OperatorSession,
} from './sessions-sql';
