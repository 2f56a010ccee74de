// Shared by every `/{locale}/...` route: the locale segment must be one we ship, otherwise
// the request is a plain not-found (rendered in English by the not-found handler).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isLocaleCode } from '../../i18n/locales.js';

export interface LocaleParams {
  locale: string;
}

export async function requireLocale(request: FastifyRequest<{ Params: LocaleParams }>, reply: FastifyReply) {
  if (!isLocaleCode(request.params.locale)) return reply.callNotFound();
}
