/**
 * The environment, parsed once at start-up into a frozen Config that is passed down. Every bad variable
 * is reported at once (ConfigError lists them all) so an operator fixes the environment in one go.
 * Secrets (DATABASE_URL's password) never appear in messages or logs: see `describeConfig`.
 */
export interface Config {
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly dbPoolSize: number;
  readonly bodyLimitBytes: number;
  readonly expirySweepMs: number;
  readonly maintenanceIntervalMs: number;
  readonly idempotencyRetentionHours: number;
  /** A session ends after this long without a request. */
  readonly sessionIdleSeconds: number;
  /** A session ends this long after sign-in, however active. */
  readonly sessionAbsoluteSeconds: number;
  /** `auto`: Secure cookies unless the request came to localhost/loopback. */
  readonly cookieSecure: 'auto' | 'always' | 'never';
  /** Requests per minute per principal (user or API key), per server process. */
  readonly rateLimitPerMinute: number;
  /** Failed sign-ins (per account and per address) before each further try must wait, doubling. */
  readonly loginFailuresBeforeBackoff: number;
  /**
   * Behind a reverse proxy: which proxies to believe about the client's address and protocol
   * (X-Forwarded-For / -Proto). false = none (the socket's address is the client).
   */
  readonly trustProxy: boolean | number | string[];
  /** How often a serving process fans out events to webhook subscriptions and delivers what is due. */
  readonly webhookIntervalMs: number;
  /** Tries before a webhook delivery is dead. */
  readonly webhookMaxAttempts: number;
  /** The first retry's wait; each further one doubles (at most an hour). */
  readonly webhookBackoffMs: number;
  readonly webhookTimeoutMs: number;
  /** Test-only: replaces the guarded stock statements by racy ones so the oversell checker can be shown to fail. */
  readonly unsafeDisableStockGuard: boolean;
  readonly nodeEnv: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!/^[0-9]+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number between ${min} and ${max}; got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return false;
    if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false; got "${raw}"`);
    return false;
  };

  let databaseUrl: string | null = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null) {
    try {
      const u = new URL(databaseUrl);
      if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
        problems.push('DATABASE_URL must start with postgres:// or postgresql://');
        databaseUrl = null;
      }
    } catch {
      problems.push('DATABASE_URL is not a valid URL (expected postgres://user@host:port/database)');
      databaseUrl = null;
    }
  }

  const logLevelRaw = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevelRaw)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${env.LOG_LEVEL}"`);
  }
  const nodeEnv = env.NODE_ENV ?? 'production';
  const unsafeDisableStockGuard = bool('COULISSE_UNSAFE_DISABLE_STOCK_GUARD');
  if (unsafeDisableStockGuard && nodeEnv !== 'test') {
    problems.push('COULISSE_UNSAFE_DISABLE_STOCK_GUARD is a test-only switch and requires NODE_ENV=test');
  }

  const cookieSecureRaw = (env.COULISSE_COOKIE_SECURE ?? 'auto').toLowerCase();
  if (!['auto', 'always', 'never'].includes(cookieSecureRaw)) {
    problems.push(
      `COULISSE_COOKIE_SECURE must be auto, always or never; got "${env.COULISSE_COOKIE_SECURE}"`,
    );
  }

  const trustRaw = (env.COULISSE_TRUST_PROXY ?? '').trim();
  let trustProxy: Config['trustProxy'] = false;
  if (trustRaw === '' || trustRaw === 'false') trustProxy = false;
  else if (trustRaw === 'true') trustProxy = true;
  else if (/^[0-9]+$/.test(trustRaw)) trustProxy = Number(trustRaw);
  else {
    const list = trustRaw.split(',').map((x) => x.trim());
    if (list.some((x) => !/^[0-9a-fA-F.:/]+$/.test(x))) {
      problems.push(
        `COULISSE_TRUST_PROXY must be false, true, a number of hops, or a comma-separated list of proxy addresses/CIDRs; got "${trustRaw}"`,
      );
    } else trustProxy = list;
  }

  const config: Config = {
    databaseUrl,
    dataDir: env.COULISSE_DATA_DIR?.trim() || './.coulisse',
    host: env.HOST?.trim() || '127.0.0.1',
    port: int('PORT', 3000, 0, 65535),
    logLevel: ((LOG_LEVELS as readonly string[]).includes(logLevelRaw)
      ? logLevelRaw
      : 'info') as Config['logLevel'],
    dbPoolSize: int('COULISSE_DB_POOL_SIZE', 10, 1, 200),
    bodyLimitBytes: int('COULISSE_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    expirySweepMs: int('COULISSE_EXPIRY_SWEEP_MS', 1000, 50, 3_600_000),
    maintenanceIntervalMs: int('COULISSE_MAINTENANCE_INTERVAL_MS', 60_000, 1000, 86_400_000),
    idempotencyRetentionHours: int('COULISSE_IDEMPOTENCY_RETENTION_HOURS', 24, 1, 24 * 90),
    sessionIdleSeconds: int('COULISSE_SESSION_IDLE_SECONDS', 30 * 60, 60, 30 * 86_400),
    sessionAbsoluteSeconds: int('COULISSE_SESSION_ABSOLUTE_SECONDS', 12 * 3600, 300, 90 * 86_400),
    cookieSecure: (['auto', 'always', 'never'].includes(cookieSecureRaw)
      ? cookieSecureRaw
      : 'auto') as Config['cookieSecure'],
    rateLimitPerMinute: int('COULISSE_RATE_LIMIT_PER_MINUTE', 1200, 1, 1_000_000),
    loginFailuresBeforeBackoff: int('COULISSE_LOGIN_FAILURES_BEFORE_BACKOFF', 5, 1, 100),
    trustProxy,
    webhookIntervalMs: int('COULISSE_WEBHOOK_INTERVAL_MS', 1000, 50, 3_600_000),
    webhookMaxAttempts: int('COULISSE_WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
    webhookBackoffMs: int('COULISSE_WEBHOOK_BACKOFF_MS', 10_000, 10, 3_600_000),
    webhookTimeoutMs: int('COULISSE_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    unsafeDisableStockGuard,
    nodeEnv,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** A loggable view of the configuration: the database password is masked. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: config.databaseUrl === null ? null : redactUrl(config.databaseUrl),
    engine: config.databaseUrl === null ? 'pglite' : 'postgres',
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}
