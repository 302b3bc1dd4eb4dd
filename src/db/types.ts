/** A SQL statement with a stable name: PostgreSQL prepares it once per connection (hot paths only). */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

export type Row = Record<string, unknown>;

export interface QueryResult<R> {
  readonly rows: R[];
  /** Rows inserted, updated or deleted (or returned, for SELECT). */
  readonly rowCount: number;
}

/** Something that runs parameterized SQL: the database itself, or one open transaction. */
export interface Queryable {
  query<R = Row>(sql: string | Statement, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export type Engine = 'pglite' | 'postgres';

export interface TransactionOptions {
  /** Attempts in all, for serialization failures and deadlocks (default 5). */
  readonly maxAttempts?: number;
}

export interface Db extends Queryable {
  readonly engine: Engine;
  /**
   * Runs `fn` in one transaction (READ COMMITTED). Serialization failures and deadlocks roll back and are
   * retried with jittered backoff, at most `maxAttempts` times in all; `fn` must therefore have no effect
   * outside the database. Exhausted retries become a 409 `transaction_conflict`, never a 5xx.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs a script of several statements without parameters (migrations, maintenance). */
  exec(script: string): Promise<void>;
  /** Runs `fn` with one dedicated session, for session-level advisory locks. */
  withSession<T>(
    fn: (session: Queryable & { exec(script: string): Promise<void> }) => Promise<T>,
  ): Promise<T>;
  close(): Promise<void>;
}

export function statement(name: string, text: string): Statement {
  return { name, text };
}
