/**
 * Access control and audit: staff users with roles scoped to warehouses, server-side sessions for the web
 * UI, API keys for integrations, the permission table every /v1 operation is checked against at one
 * authorization point, login throttling and rate limits, and the audit trail (written by runCommand in
 * each mutation's transaction) with its query.
 */
import './errors.js';

export { generatePassword, registerAccessCommands } from './cli/access.js';
export { type CreatedApiKey, createApiKey, revokeApiKey } from './commands/api-keys.js';
export { type CreateUserInput, createUser } from './commands/create-user.js';
export { login, logout } from './commands/login.js';
export { changeMyPassword, setUserPassword } from './commands/set-password.js';
export { updateUser } from './commands/update-user.js';
export type { ApiKey } from './db/api-keys.js';
export type { Principal } from './db/principals.js';
export type { User } from './db/users.js';
export {
  OPERATIONS,
  PERMISSIONS,
  type Permission,
  type Requirement,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
} from './domain/permissions.js';
export { installAccessControl, installSecurityHeaders, SESSION_COOKIE } from './http/authenticate.js';
export { accessRoutes } from './http/routes.js';
export { type AuditRecord, listAudit } from './queries/list-audit.js';
export { getUser, listApiKeys, listUsers } from './queries/users.js';
