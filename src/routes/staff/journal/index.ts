// /staff/journal: an analyst's reflexive journal. Their own entries, private unless they share
// one, and what colleagues have shared, newest first; a box for a new entry, and on each of their
// own a button to share it or make it private again.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staffTime } from '../../../dates/staff-time.js';
import { notFound } from '../../../errors/app-error.js';
import { addJournalEntry, journalFor, shareJournalEntry } from '../../../review/memos.js';
import { CODERS } from '../../../staff/access.js';
import { renderStaff, signedIn } from '../context.js';
import { type MemoShown, memoFrom, memosModel } from '../memo-form.js';

interface EntryRoute {
  Params: { id: string };
}

const NOTICES: Record<string, string> = { added: 'staff:journal.added', changed: 'staff:journal.changed' };

export default async function journalArea(app: FastifyInstance): Promise<void> {
  async function showJournal(request: FastifyRequest, reply: FastifyReply, shown?: MemoShown & { share: boolean }) {
    const { user } = signedIn(request);
    const entries = await journalFor(app.db, user.id);
    const errors = shown?.errors ?? [];
    const done = String((request.query as Record<string, unknown>)?.done);
    return renderStaff(request, reply.code(errors.length ? 422 : 200), 'journal/journal', {
      title: request.t('staff:journal.title'),
      hasErrors: errors.length > 0,
      errors,
      notice: NOTICES[done] ? request.t(NOTICES[done] as string) : undefined,
      form: { ...memosModel([], '/staff/journal', shown), share: shown?.share ?? false },
      entries: entries.map((entry) => ({
        own: entry.authorId === user.id,
        author: entry.authorName,
        when: staffTime(entry.createdAt),
        body: entry.body,
        shared: entry.shared,
        shareAction: entry.authorId === user.id ? `/staff/journal/${entry.id}/share` : undefined,
      })),
    });
  }

  app.get('/', { config: { access: CODERS }, prefixTrailingSlash: 'no-slash' }, (request, reply) =>
    showJournal(request, reply),
  );

  app.post('/', { config: { access: CODERS }, prefixTrailingSlash: 'no-slash' }, async (request, reply) => {
    const share = (request.body as Record<string, unknown> | undefined)?.share === 'yes';
    const memo = memoFrom(request);
    if ('shown' in memo) return showJournal(request, reply, { ...memo.shown, share });
    const { user } = signedIn(request);
    await addJournalEntry(app.db, { authorId: user.id, body: memo.body, shared: share });
    return reply.code(303).redirect('/staff/journal?done=added');
  });

  app.post<EntryRoute>('/:id/share', { config: { access: CODERS } }, async (request, reply) => {
    const { user } = signedIn(request);
    const shared = (request.body as Record<string, unknown> | undefined)?.shared === 'yes';
    // Only the author's own entries: anyone else's is not found.
    if (!(await shareJournalEntry(app.db, { id: request.params.id, authorId: user.id, shared }))) throw notFound();
    return reply.code(303).redirect('/staff/journal?done=changed');
  });
}
