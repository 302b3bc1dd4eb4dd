import { registerConstraintErrors } from '../../db/index.js';
import {
  conflict,
  forbidden,
  notFound,
  rateLimited,
  unauthenticated,
  unprocessable,
} from '../../kernel/errors.js';

/**
 * Error codes of the access module.
 * 401: authentication_required, invalid_credentials, session_expired, invalid_api_key.
 * 403: permission_denied, csrf_token_invalid, owner_only, cannot_change_own_role, cannot_disable_self,
 *      scope_exceeds_own, warehouse_scope_required.
 * 404: user_not_found, api_key_not_found.
 * 409: email_taken, last_owner, api_key_revoked, version_conflict.
 * 422: password_incorrect, weak_password, unknown_warehouse, invalid_role, invalid_permission.
 * 429: login_throttled, rate_limited.
 */
export const authenticationRequired = () =>
  unauthenticated(
    'authentication_required',
    'Sign in (POST /v1/auth/login) or send an API key as "Authorization: Bearer <key>".',
  );

export const invalidCredentials = () =>
  unauthenticated('invalid_credentials', 'The email or password is wrong, or the account is disabled.');

export const permissionDenied = (operation: string, permission: string) =>
  forbidden('permission_denied', `Your role does not allow ${operation} (it needs "${permission}").`, {
    operation,
    permission,
  });

export const userNotFound = (id: string) => notFound('user_not_found', `No user ${id}.`, { user: id });

export const apiKeyNotFound = (id: string) =>
  notFound('api_key_not_found', `No API key ${id}.`, { apiKey: id });

export const loginThrottled = (retryAfterSeconds: number) =>
  rateLimited('login_throttled', `Too many failed sign-ins; try again in ${retryAfterSeconds} second(s).`, {
    retryAfterSeconds,
  });

export const weakPassword = (field: string, min: number, max: number) =>
  unprocessable(
    'weak_password',
    `The password must be ${min} to ${max} characters long (a passphrase of a few words is best).`,
    { field, minLength: min, maxLength: max },
  );

export const ownerOnly = (why: string) => forbidden('owner_only', `Not allowed: ${why}.`);

export const lastOwner = () =>
  conflict(
    'last_owner',
    'This is the last active owner; make someone else an owner first, so the business keeps one.',
  );

registerConstraintErrors({
  users_email_key: () => conflict('email_taken', 'A user with this email already exists.'),
  // A warehouse people or keys are assigned to is in use: archive it instead of deleting it.
  user_warehouses_warehouse_id_fkey: () =>
    conflict('location_in_use', 'Staff are assigned to this warehouse; archive it instead of deleting it.'),
  api_key_warehouses_warehouse_id_fkey: () =>
    conflict(
      'location_in_use',
      'API keys are restricted to this warehouse; archive it instead of deleting it.',
    ),
});
