// Coding an account from its reading view (POST /staff/accounts/{id}/codings): the ticked
// sentences of an answer, the answer as a whole, or the words selected with the staff page's
// script, each given the ticked codes by the signed-in coder; and removing a coding
// (…/codings/{coding}/remove). A form that cannot be saved comes back with what was ticked.
// Positions arrive as code points (sentences) or UTF-16 units (a selection, counted by the
// browser) and are stored as code points (coding/offsets.ts).
import type { FastifyInstance } from 'fastify';
import type { AccountDocument } from '../../../accounts/document.js';
import { addCodings, removeCoding, type Span } from '../../../coding/codings.js';
import { codePointAt16, codePointLength, tidySpan } from '../../../coding/offsets.js';
import { sentencesOf } from '../../../coding/sentences.js';
import { notFound } from '../../../errors/app-error.js';
import { codeIdsOf } from '../../../review/codebook.js';
import { CODERS } from '../../../staff/access.js';
import { audit } from '../../../staff/audit.js';
import type { StaffErrorKey } from '../../../staff/error-keys.js';
import { ANALYSIS_LOCALE, translationsOf } from '../../../translation/repository.js';
import { actorOf } from '../context.js';
import type { AccountRoute, AccountRouteOptions } from './account-routes.js';
import { type CodingTyped, codableQuestions, codableText, ORIGINAL, textDigest } from './coding-model.js';

interface CodingRoute {
  Params: { id: string; coding: string };
}

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');

const one = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Ticked sentences, in order, with neighbours joined: three sentences in a row are one passage. */
function sentenceSpans(words: string, locale: string, ticked: string[]): Span[] | undefined {
  const sentences = sentencesOf(words, locale);
  const indexes: number[] = [];
  for (const value of ticked) {
    const index = sentences.findIndex((s) => `${s.start}-${s.end}` === value);
    // A sentence the text no longer has: the text changed after the page was read.
    if (index < 0) return undefined;
    indexes.push(index);
  }
  const spans: Span[] = [];
  let previous = -2;
  for (const index of [...new Set(indexes)].sort((a, b) => a - b)) {
    const sentence = sentences[index] as Span;
    const last = spans[spans.length - 1];
    if (last && index === previous + 1) last.end = sentence.end;
    else spans.push({ start: sentence.start, end: sentence.end });
    previous = index;
  }
  return spans;
}

/** The words selected in the browser, from its UTF-16 positions, as whole characters. */
function selectionSpan(words: string, start16: string, end16: string): Span | undefined {
  if (!/^\d{1,7}$/.test(start16) || !/^\d{1,7}$/.test(end16)) return undefined;
  const start = codePointAt16(words, Number(start16));
  const end = codePointAt16(words, Number(end16));
  if (start === undefined || end === undefined) return undefined;
  return tidySpan(words, Math.min(start, end), Math.max(start, end));
}

export default async function codingRoutes(app: FastifyInstance, options: AccountRouteOptions): Promise<void> {
  app.post<AccountRoute>('/accounts/:id/codings', { config: { access: CODERS } }, async (request, reply) => {
    const { account, staff } = await options.readable(request);
    if (account.answers === null) throw notFound();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const questionId = one(body.question);
    const text = one(body.text) === ANALYSIS_LOCALE ? ANALYSIS_LOCALE : ORIGINAL;
    const prefix = /^c\d{1,4}$/.test(one(body.form)) ? one(body.form) : 'c0';
    const typed: CodingTyped = { questionId, text, sentences: list(body.sentence), codes: list(body.code) };
    const refuse = (target: string, key: StaffErrorKey) =>
      options.showAccount(request, reply, {
        errors: [{ target: `${prefix}-${target}`, field: 'coding', message: request.t(`staff:errors.${key}`) }],
        codingTyped: typed,
      });

    const translations = new Map(
      (await translationsOf(app.db, account.responseId)).map((t) => [t.targetLocale, t.texts] as const),
    );
    const document = account.answers as AccountDocument;
    const survey = await app.surveys.version(account.surveyVersionId);
    // Only typed words are coded: a chosen option is a label, not the resident's words.
    if (!survey || !codableQuestions(survey, document).includes(questionId)) throw notFound();
    const words = codableText(document, translations, questionId, text);
    if (words === undefined) throw notFound();
    // A translation re-saved since the page was read: its positions would cut the wrong words.
    if (one(body.digest) !== textDigest(words)) return refuse('sentences', 'coding_text_changed');

    if (typed.codes.length === 0) return refuse('codes', 'coding_code_required');
    const codeIds = await codeIdsOf(app.db, account.surveyId, typed.codes, { codable: true });
    if (codeIds.length !== new Set(typed.codes).size) return refuse('codes', 'coding_code_gone');

    const scope = one(body.scope);
    let spans: Span[] | undefined;
    if (scope === 'whole') {
      const whole = tidySpan(words, 0, codePointLength(words));
      spans = whole ? [whole] : [];
    } else if (scope === 'selection') {
      const selected = selectionSpan(words, one(body.start16), one(body.end16));
      if (!selected) return refuse('sentences', 'coding_selection_required');
      spans = [selected];
    } else {
      if (typed.sentences.length === 0) return refuse('sentences', 'coding_sentence_required');
      spans = sentenceSpans(words, text === ORIGINAL ? account.locale : text, typed.sentences);
      if (!spans) return refuse('sentences', 'coding_text_changed');
    }

    await app.db.transaction().execute((trx) =>
      addCodings(trx, {
        where: {
          responseId: account.responseId,
          questionId,
          field: 'value',
          translationLocale: text === ORIGINAL ? null : text,
        },
        text: words,
        spans: spans ?? [],
        codeIds,
        coder: staff.user.id,
      }),
    );
    return reply.code(303).redirect(`/staff/accounts/${account.responseId}?done=coded#coding-${questionId}`);
  });

  app.post<CodingRoute>(
    '/accounts/:id/codings/:coding/remove',
    { config: { access: CODERS } },
    async (request, reply) => {
      const { account, staff } = await options.readable(request);
      const result = await app.db.transaction().execute(async (trx) => {
        const removed = await removeCoding(trx, {
          id: request.params.coding,
          responseId: account.responseId,
          by: staff.user.id,
          anyones: staff.user.roles.includes('admin'),
        });
        if (removed === 'removed') {
          await audit(trx, {
            actor: actorOf(staff),
            action: 'coding_removed',
            targetType: 'response',
            targetId: account.responseId,
            details: { coding: request.params.coding },
          });
        }
        return removed;
      });
      if (result === 'not_yours') {
        return options.showAccount(request, reply, {
          errors: [{ target: 'codings-heading', field: 'coding', message: request.t('staff:errors.coding_not_yours') }],
        });
      }
      // Already removed (a second press, or a colleague's tab): the page as it now is says so.
      return reply
        .code(303)
        .redirect(
          `/staff/accounts/${account.responseId}?done=${result === 'removed' ? 'uncoded' : 'coding_gone'}#codings-heading`,
        );
    },
  );
}
