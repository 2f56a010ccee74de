// The reading view's safeguarding parts: the form any reader uses to flag an account (its rules
// and its view model) and the account's flag history. Notes written by the safeguarding lead
// are shown to the lead only: what was done about a risk is theirs to share.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { FLAG_CATEGORIES } from '../../../safeguarding/categories.js';
import type { FlagHistoryEntry } from '../../../safeguarding/flags.js';
import { errorFor, type FieldError } from '../context.js';

export const REASON_MAX_LENGTH = 1000;

export const flagForm = z.object({
  category: z.enum(FLAG_CATEGORIES, { message: 'category_required' }),
  reason: z
    .string({ message: 'reason_required' })
    .trim()
    .min(1, { message: 'reason_required' })
    .max(REASON_MAX_LENGTH, { message: 'reason_too_long' })
    .refine((s) => !s.includes('\u0000'), { message: 'reason_required' }),
});

export function flagFormModel(
  request: FastifyRequest,
  responseId: string,
  typed: { category?: string; reason?: string } = {},
  errors: FieldError[] = [],
) {
  return {
    action: `/staff/accounts/${responseId}/flags`,
    categories: FLAG_CATEGORIES.map((value) => ({
      value,
      text: request.t(`staff:safeguarding.categories.${value}`),
      checked: typed.category === value,
    })),
    reason: typed.reason ?? '',
    reasonMax: REASON_MAX_LENGTH,
    categoryError: errorFor(errors, 'category'),
    reasonError: errorFor(errors, 'reason'),
  };
}

export function flagHistoryModel(request: FastifyRequest, flags: FlagHistoryEntry[], show: { notes: boolean }) {
  return flags.map((flag) => ({
    category: request.t(`staff:safeguarding.categories.${flag.category}`),
    raised: `${flag.raisedOn} · ${
      flag.source === 'phrase'
        ? request.t('staff:safeguarding.foundBy')
        : request.t('staff:safeguarding.raisedBy', { name: flag.raisedByName ?? '' })
    }`,
    reason: show.notes ? flag.reason : undefined,
    status: flag.resolution
      ? request.t('staff:safeguarding.historyResolved', {
          resolution: request.t(`staff:safeguarding.resolutions.${flag.resolution}`),
          date: flag.resolvedOn ?? '',
          name: flag.resolvedByName ?? '',
        })
      : request.t('staff:safeguarding.historyOpen'),
    note: show.notes ? flag.resolutionNote : undefined,
  }));
}
