/**
 * A fresh Idempotency-Key. crypto.randomUUID exists only in secure contexts (HTTPS, localhost), and a
 * warehouse tablet may reach the server over plain HTTP on the local network; getRandomValues works
 * everywhere.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
