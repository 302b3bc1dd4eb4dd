import { type Db, systemContext } from '../db/index.js';
import { systemActor } from '../kernel/actor.js';
import { systemClock } from '../kernel/clock.js';
import { createApiKey, createUser, generatePassword, PERMISSIONS } from '../modules/access/index.js';

export interface DemoLogin {
  email: string;
  password: string;
  operatorEmail: string;
  apiKey: string;
}

export const DEMO_OWNER_EMAIL = 'owner@demo.coulisse.dev';
export const DEMO_OPERATOR_EMAIL = 'picker.paris@demo.coulisse.dev';

/**
 * The demo's people: an owner (password from COULISSE_DEMO_PASSWORD, or generated), a warehouse operator
 * in Paris with the same password, and an owner API key for trying the API from the docs page. Printed
 * once by `coulisse demo` / `serve --demo`; nothing here is stored in clear.
 */
export async function createDemoUsers(
  db: Db,
  password = process.env.COULISSE_DEMO_PASSWORD || generatePassword(),
) {
  const ctx = systemContext(db, systemActor('demo'), systemClock);
  const owner = await createUser(ctx, {
    email: DEMO_OWNER_EMAIL,
    name: 'Camille Martin (owner)',
    password,
    role: 'owner',
  });
  await createUser(ctx, {
    email: DEMO_OPERATOR_EMAIL,
    name: 'Sam Leroy (picker, Paris)',
    password,
    role: 'warehouse_operator',
    warehouses: ['PAR'],
  });
  const key = await createApiKey(
    ctx,
    { name: 'Demo key (owner, all permissions)', scopes: [...PERMISSIONS] },
    { userId: owner.value.id, role: 'owner' },
  );
  return { email: DEMO_OWNER_EMAIL, password, operatorEmail: DEMO_OPERATOR_EMAIL, apiKey: key.value.key! };
}

export function describeDemoLogin(login: DemoLogin, url: string | null): string {
  const base = url ?? 'http://127.0.0.1:3000';
  return [
    '',
    `Demo sign-in (shown once; change the password after signing in) — open ${base}/ in a browser:`,
    `  owner              ${login.email}`,
    `  warehouse operator ${login.operatorEmail} (Paris only)`,
    `  password           ${login.password}`,
    `  API key (owner)    ${login.apiKey}`,
    `  try: curl -H "Authorization: Bearer ${login.apiKey}" ${base}/v1/me`,
    '',
  ].join('\n');
}
