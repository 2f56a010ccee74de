// Figures and charts through disclosure control, under /staff/reports. Registered now so its
// routes arrive into a prefix, access hook and error pages that already exist.
import type { FastifyInstance } from 'fastify';

export default async function reportsArea(_app: FastifyInstance): Promise<void> {}
