import type { FastifyReply } from 'fastify';
import type { CommandOutcome } from '../db/index.js';

/** Sends a command's outcome; a replayed idempotent call says so in `Idempotent-Replayed: true`. */
export function sendOutcome<T>(reply: FastifyReply, outcome: CommandOutcome<T>, status = 200): FastifyReply {
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(status).send(outcome.value);
}
