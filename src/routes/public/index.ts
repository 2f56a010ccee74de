// The resident journey's routes. URLs are stable (printed posters link to them): see the URL
// map in DESIGN.md.
import type { FastifyInstance } from 'fastify';
import homeRoutes from './home.js';
import languageChooserRoutes from './language-chooser.js';
import printRoutes from './print.js';
import receiptRoutes from './receipt.js';
import surveyRoutes from './survey.js';

export default async function publicRoutes(app: FastifyInstance): Promise<void> {
  await app.register(languageChooserRoutes);
  await app.register(homeRoutes);
  await app.register(surveyRoutes);
  await app.register(printRoutes);
  await app.register(receiptRoutes);
}
