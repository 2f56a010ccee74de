// The memo form on a code's, a theme's and an account's page: the notes so far, with author and
// date, and a box to add one. A memo without words comes back saying so.
import type { FastifyRequest } from 'fastify';
import { staffTime } from '../../dates/staff-time.js';
import { MEMO_MAX, type Memo } from '../../review/memos.js';
import { cleanText } from '../../surveys/answers.js';
import type { FieldError } from './context.js';

export interface MemoShown {
  typed: string;
  errors: FieldError[];
}

export function memosModel(memos: Memo[], action: string, shown?: MemoShown) {
  return {
    action,
    items: memos.map((memo) => ({
      author: memo.authorName,
      when: staffTime(memo.createdAt),
      body: memo.body,
    })),
    typed: shown?.typed ?? '',
    error: shown?.errors.find((error) => error.field === 'memo')?.message,
    max: MEMO_MAX,
  };
}

/** The memo a form sent, cleaned, or why it cannot be kept. */
export function memoFrom(request: FastifyRequest): { body: string } | { shown: MemoShown } {
  const raw = (request.body as Record<string, unknown> | undefined)?.memo;
  const body = typeof raw === 'string' ? cleanText(raw).trim() : '';
  const refuse = (key: 'memo_required' | 'memo_too_long') => ({
    shown: { typed: body, errors: [{ target: 'f-memo', field: 'memo', message: request.t(`staff:errors.${key}`) }] },
  });
  if (body === '') return refuse('memo_required');
  if ([...body].length > MEMO_MAX) return refuse('memo_too_long');
  return { body };
}
