// `/{locale}/receipt`: a resident types their code (POST, so it never sits in a URL or the
// browser history) and sees what happened to their account, or withdraws it. Every wrong
// code gets the same message, and wrong codes from one address are limited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AccountSummary, findByReceiptHash } from '../../accounts/find.js';
import { progressOf } from '../../accounts/progress.js';
import { formatReceipt, hashReceipt, normalizeReceipt } from '../../accounts/receipt-code.js';
import { withdrawAccount } from '../../accounts/withdraw.js';
import { addressKey } from '../../plugins/address-key.js';
import { displayText } from '../../surveys/text.js';
import { formField } from '../form-field.js';
import { type LocaleParams, requireLocale } from './locale-param.js';

interface ReceiptRoute {
  Params: LocaleParams;
  Body: Record<string, unknown> | undefined;
}

const CODE_FIELD = 'f-code';

function formPage(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { code?: string; error?: string; status?: number } = {},
) {
  return reply
    .code(options.status ?? 200)
    .header('cache-control', 'no-store')
    .render('public/receipt-form', {
      title: request.t('receipt.title'),
      hasErrors: Boolean(options.error),
      errors: options.error ? [{ target: CODE_FIELD, message: options.error }] : [],
      error: options.error,
      code: options.code ?? '',
      action: `/${request.locale}/receipt`,
      homeHref: `/${request.locale}/`,
      languageLinks: true,
    });
}

export default async function receiptRoutes(app: FastifyInstance): Promise<void> {
  app.get<ReceiptRoute>('/:locale/receipt', { preHandler: requireLocale }, async (request, reply) =>
    formPage(request, reply),
  );

  app.post<ReceiptRoute>('/:locale/receipt', { preHandler: requireLocale }, async (request, reply) => {
    const { t, locale } = request;
    const body = request.body ?? {};
    const typed = (formField(body, 'code') ?? '').slice(0, 64);
    const action = formField(body, '_action') ?? 'lookup';
    const key = addressKey(request);
    if (app.limits.receiptLookups.blocked(key)) {
      return formPage(request, reply, { code: typed, error: t('receipt.rateLimited'), status: 429 });
    }
    const code = normalizeReceipt(typed);
    const account = code ? await findByReceiptHash(app.db, hashReceipt(app.config.secret, code)) : undefined;
    if (!code || !account) {
      app.limits.receiptLookups.hit(key);
      return formPage(request, reply, { code: typed, error: t('receipt.notFound'), status: 422 });
    }
    const shown = formatReceipt(code);
    const common = { action: `/${locale}/receipt`, homeHref: `/${locale}/`, code: shown };
    reply.header('cache-control', 'no-store');

    if (action === 'withdraw' && account.status !== 'withdrawn') {
      return reply.render('public/receipt-confirm', { ...common, title: t('receipt.confirmTitle') });
    }
    if (action === 'confirm-withdraw' && account.status !== 'withdrawn') {
      // Everything the account said goes at once, or none of it (withdraw.ts).
      await app.db.transaction().execute((trx) => withdrawAccount(trx, account.responseId));
      app.erasure.afterWithdrawal();
      return reply.render('public/receipt-withdrawn', { ...common, title: t('receipt.withdrawnTitle') });
    }
    return reply.render('public/receipt-status', {
      ...common,
      title: t('receipt.statusTitle'),
      ...(await statusView(request, account)),
    });
  });

  async function statusView(request: FastifyRequest, account: AccountSummary) {
    const entry = await app.surveys.get(account.surveySlug);
    return {
      surveyTitle: entry ? displayText(entry.survey.title, request.locale, entry.survey.defaultLocale) : undefined,
      submittedOn: new Intl.DateTimeFormat(request.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${account.submittedOn}T00:00:00Z`),
      ),
      status: request.t(`receipt.statuses.${await progressOf(app.db, account)}`),
      canWithdraw: account.status !== 'withdrawn',
    };
  }
}
