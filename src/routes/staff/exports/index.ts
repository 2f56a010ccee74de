// Exports of accounts and counts (CSV, XLSX, JSON Lines, REFI-QDA), under /staff/exports. The
// area is registered now so its routes arrive into a prefix, access hook and error pages that
// already exist; issue "Exports and reports" adds them.
import type { FastifyInstance } from 'fastify';

export default async function exportsArea(_app: FastifyInstance): Promise<void> {}
