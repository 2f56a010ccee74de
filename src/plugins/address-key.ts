// The only use Codka makes of a client address: a salted hash, kept in memory as a rate-limit
// key. The salt is random per process and never leaves it, so the key cannot be turned back
// into an address, and it changes at every restart.
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

const salt = randomBytes(32);

export function addressKey(request: FastifyRequest): string {
  return createHmac('sha256', salt).update(request.ip).digest('base64url');
}
