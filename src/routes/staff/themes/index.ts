// Themes, under /staff/themes (issue 13): the board, a page per theme, and its collated passages.
import type { FastifyInstance } from 'fastify';
import themeBoardRoutes from './theme-board.js';
import themePageRoutes from './theme-page.js';
import themePassagesRoutes from './theme-passages-page.js';

export default async function themesArea(app: FastifyInstance): Promise<void> {
  await app.register(themeBoardRoutes);
  await app.register(themePageRoutes);
  await app.register(themePassagesRoutes);
}
