// /staff/codebook/codes/{id}: one code, to change (name, description, colour), move under another
// parent, retire or restore, or merge into another code. Every form carries the version of the
// code its editor saw: when a colleague saved first, the page comes back (409) showing their
// version beside what this editor typed, which is kept in the form, so nothing is lost either way.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isUuid } from '../../../db/uuid.js';
import { notFound } from '../../../errors/app-error.js';
import { decisionsOf } from '../../../review/code-decisions.js';
import {
  type Code,
  type CodeEdit,
  changeCode,
  codesOf,
  findCode,
  mergeCode,
  moveCode,
  retireCode,
} from '../../../review/codebook.js';
import { addMemo, memosOn } from '../../../review/memos.js';
import { CODERS } from '../../../staff/access.js';
import { type FieldError, fieldError, formErrors, renderForm, signedIn } from '../context.js';
import { type MemoShown, memoFrom, memosModel } from '../memo-form.js';
import { CODE_FIELDS, changeCodeForm, version } from './code-form.js';
import { codeChoices, codeState, colourChoices, decisionsModel } from './codebook-model.js';

interface CodeRoute {
  Params: { id: string };
}

const target = z
  .string()
  .trim()
  .refine((value) => value === '' || isUuid(value));
const moveForm = z.object({ version, parent: target.optional().transform((value) => value || null) });
const retireForm = z.object({ version, retired: z.enum(['yes', 'no']) });
const mergeForm = z.object({
  version,
  into: z
    .string()
    .trim()
    .refine((value) => isUuid(value)),
});

interface Shown {
  memo?: MemoShown;
  values?: Record<string, unknown>;
  errors?: FieldError[];
  /** A colleague's version, saved since this editor read the code. */
  theirs?: Code;
  notice?: string;
  /** A colleague changed the code first (409). */
  stale?: boolean;
}

const NOTICES: Record<string, string> = {
  saved: 'staff:codebook.saved',
  moved: 'staff:codebook.moved',
  retired: 'staff:codebook.retiredNotice',
  restored: 'staff:codebook.restoredNotice',
  merged: 'staff:codebook.mergedNotice',
  memo: 'staff:memos.added',
};

export default async function codePageRoutes(app: FastifyInstance): Promise<void> {
  async function codeOf(request: FastifyRequest<CodeRoute>): Promise<Code> {
    const code = await findCode(app.db, request.params.id);
    if (!code) throw notFound();
    return code;
  }

  async function showCode(request: FastifyRequest<CodeRoute>, reply: FastifyReply, shown: Shown = {}) {
    const code = await codeOf(request);
    const [codes, decisions, memos] = await Promise.all([
      codesOf(app.db, code.surveyId),
      decisionsOf(app.db, code.surveyId, 500),
      memosOn(app.db, 'code', code.id),
    ]);
    const byId = new Map(codes.map((c) => [c.id, c]));
    const values = shown.values ?? { name: code.name, description: code.description, colour: code.colour ?? '' };
    const colour = typeof values.colour === 'string' && values.colour ? values.colour.toUpperCase() : null;
    // Beneath itself would be a loop: the code and everything under it are not offered.
    const beneath = (candidate: Code): boolean =>
      candidate.id === code.id || (candidate.parentId !== null && beneath(byId.get(candidate.parentId) as Code));
    const query = (request.query ?? {}) as Record<string, unknown>;
    const notice =
      shown.notice ?? (NOTICES[String(query.done)] ? request.t(NOTICES[String(query.done)] as string) : undefined);
    const base = `/staff/codebook/codes/${code.id}`;
    return renderForm(
      request,
      reply,
      'codebook/code',
      {
        errors: [...(shown.errors ?? []), ...(shown.memo?.errors ?? [])],
        fields: CODE_FIELDS,
        status: shown.stale ? 409 : undefined,
      },
      {
        title: code.name,
        code,
        state: codeState(request, code, byId),
        open: code.mergedInto === null,
        backHref: '/staff/codebook',
        version: (shown.theirs ?? code).version,
        values,
        colours: colourChoices(request, colour),
        theirs: shown.theirs
          ? {
              name: shown.theirs.name,
              description: shown.theirs.description,
              colour: shown.theirs.colour ?? request.t('staff:codebook.noColour'),
            }
          : undefined,
        notice,
        action: base,
        moveAction: `${base}/move`,
        retireAction: `${base}/retire`,
        mergeAction: `${base}/merge`,
        parents: codeChoices(codes, code.parentId, beneath),
        atTop: code.parentId === null,
        mergeTargets: codeChoices(codes, null, (candidate) => beneath(candidate) || candidate.retired),
        memos: memosModel(memos, `${base}/memos`, shown.memo),
        decisions: decisionsModel(
          request,
          decisions.filter((d) => d.codeId === code.id),
          codes,
        ),
      },
    );
  }

  /** The page after a change: back to it with a notice, or the page again saying what stopped it. */
  function after(
    request: FastifyRequest<CodeRoute>,
    reply: FastifyReply,
    result: CodeEdit,
    done: string,
    field: string,
  ) {
    switch (result.kind) {
      case 'saved':
        return reply.code(303).redirect(`/staff/codebook/codes/${request.params.id}?done=${done}`);
      case 'stale':
        return showCode(request, reply, { stale: true, notice: request.t('staff:codebook.staleOther') });
      case 'name_taken':
        return showCode(request, reply, { errors: fieldError(request, field, 'code_name_taken') });
      case 'bad_parent':
        return showCode(request, reply, { errors: fieldError(request, field, 'code_parent_invalid') });
      case 'missing':
        throw notFound();
    }
  }

  app.get<CodeRoute>('/codes/:id', { config: { access: CODERS } }, (request, reply) => showCode(request, reply));

  app.post<CodeRoute>('/codes/:id/memos', { config: { access: CODERS } }, async (request, reply) => {
    const code = await codeOf(request);
    const memo = memoFrom(request);
    if ('shown' in memo) return showCode(request, reply, { memo: memo.shown });
    const { user } = signedIn(request);
    await addMemo(app.db, { kind: 'code', targetId: code.id, authorId: user.id, body: memo.body });
    return reply.code(303).redirect(`/staff/codebook/codes/${code.id}?done=memo#memos-heading`);
  });

  app.post<CodeRoute>('/codes/:id', { config: { access: CODERS } }, async (request, reply) => {
    await codeOf(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = changeCodeForm.safeParse(body);
    if (!parsed.success)
      return showCode(request, reply, { values: body, errors: formErrors(request, parsed.error.issues) });
    const { user } = signedIn(request);
    const result = await app.db
      .transaction()
      .execute((trx) => changeCode(trx, { id: request.params.id, ...parsed.data, by: user.id }));
    if (result.kind === 'stale') {
      // Their version beside this editor's, which stays in the form to be saved again over theirs.
      return showCode(request, reply, {
        values: body,
        theirs: result.current,
        stale: true,
        notice: request.t('staff:codebook.stale'),
      });
    }
    if (result.kind === 'name_taken') {
      return showCode(request, reply, { values: body, errors: fieldError(request, 'name', 'code_name_taken') });
    }
    return after(request, reply, result, 'saved', 'name');
  });

  app.post<CodeRoute>('/codes/:id/move', { config: { access: CODERS } }, async (request, reply) => {
    await codeOf(request);
    const parsed = moveForm.safeParse(request.body ?? {});
    if (!parsed.success) return showCode(request, reply, { errors: fieldError(request, 'parent', 'parent_unknown') });
    const { user } = signedIn(request);
    const result = await app.db.transaction().execute((trx) =>
      moveCode(trx, {
        id: request.params.id,
        version: parsed.data.version,
        parentId: parsed.data.parent,
        by: user.id,
      }),
    );
    return after(request, reply, result, 'moved', 'parent');
  });

  app.post<CodeRoute>('/codes/:id/retire', { config: { access: CODERS } }, async (request, reply) => {
    await codeOf(request);
    const parsed = retireForm.safeParse(request.body ?? {});
    if (!parsed.success) throw notFound();
    const { user } = signedIn(request);
    const retired = parsed.data.retired === 'yes';
    const result = await app.db
      .transaction()
      .execute((trx) => retireCode(trx, { id: request.params.id, version: parsed.data.version, retired, by: user.id }));
    return after(request, reply, result, retired ? 'retired' : 'restored', 'parent');
  });

  app.post<CodeRoute>('/codes/:id/merge', { config: { access: CODERS } }, async (request, reply) => {
    await codeOf(request);
    const parsed = mergeForm.safeParse(request.body ?? {});
    if (!parsed.success) return showCode(request, reply, { errors: fieldError(request, 'into', 'parent_unknown') });
    const { user } = signedIn(request);
    const result = await app.db.transaction().execute((trx) =>
      mergeCode(trx, {
        from: request.params.id,
        fromVersion: parsed.data.version,
        into: parsed.data.into,
        by: user.id,
      }),
    );
    return after(request, reply, result, 'merged', 'into');
  });
}
