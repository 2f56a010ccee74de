// "You said, we did" and the improvement plan, under /staff (its pages are /staff/changes and
// /staff/plan). Registered now so its routes arrive into an access hook and error pages that
// already exist.
import type { FastifyInstance } from 'fastify';

export default async function changesArea(_app: FastifyInstance): Promise<void> {}
