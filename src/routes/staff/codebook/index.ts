// The codebook, under /staff/codebook (issue 13): the survey's codes as a tree with the decision
// log, and a page per code. Coding itself is on the reading view.
import type { FastifyInstance } from 'fastify';
import codePageRoutes from './code-page.js';
import codebookPageRoutes from './codebook-page.js';

export default async function codebookArea(app: FastifyInstance): Promise<void> {
  await app.register(codebookPageRoutes);
  await app.register(codePageRoutes);
}
