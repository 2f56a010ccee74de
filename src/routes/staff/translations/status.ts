// How a translation's state reads wherever it is shown: "Done by Hodan on 2026-12-01".
import type { FastifyRequest } from 'fastify';
import type { Translation } from '../../../translation/repository.js';

export function translationStatusText(request: FastifyRequest, translation: Translation | undefined) {
  if (!translation) return undefined;
  return request.t('staff:translations.status', {
    status: request.t(translation.status === 'done' ? 'staff:translations.done' : 'staff:translations.draft'),
    name: translation.translatorName ?? '',
    date: translation.translatedOn,
  });
}
