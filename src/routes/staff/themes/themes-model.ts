// What the theme pages show: the board's themes grouped by status with their codes and how many
// accounts support each, the codes to gather as a tree, and a theme's history in words.
import type { FastifyRequest } from 'fastify';
import { staffTime } from '../../../dates/staff-time.js';
import type { ThemeStatus } from '../../../db/schema.js';
import type { Code } from '../../../review/codebook.js';
import { THEME_STATUSES, type Theme, type ThemeDecision } from '../../../review/themes.js';
import { treeOrder } from '../codebook/codebook-model.js';

export function statusText(request: FastifyRequest, status: ThemeStatus): string {
  return request.t(`staff:themes.status.${status}`);
}

export function codeBoxes(codes: Code[], checked: ReadonlySet<string>) {
  return treeOrder(codes)
    .filter(({ code }) => !code.mergedInto)
    .map(({ code, depth }) => ({
      id: `f-codes-${code.id}`,
      value: code.id,
      name: code.name,
      retired: code.retired,
      depth,
      checked: checked.has(code.id),
    }));
}

export function boardModel(
  request: FastifyRequest,
  themes: Theme[],
  codes: Code[],
  rounds: ReadonlyMap<string, string[]> = new Map(),
) {
  const byId = new Map(codes.map((code) => [code.id, code]));
  return THEME_STATUSES.map((status) => ({
    status,
    heading: statusText(request, status),
    themes: themes
      .filter((theme) => theme.status === status)
      .map((theme) => ({
        href: `/staff/themes/${theme.id}`,
        passagesHref: `/staff/themes/${theme.id}/passages`,
        name: theme.name,
        centralIdea: theme.centralIdea,
        accounts: request.t('staff:themes.accounts', { count: theme.accountCount }),
        commentedIn: rounds.get(theme.id)?.length
          ? request.t('staff:themeReview.commentedIn', { rounds: rounds.get(theme.id)?.join(', ') })
          : undefined,
        codes: theme.codeIds
          .map((id) => byId.get(id))
          .filter((code): code is Code => code !== undefined)
          .map((code) => ({ name: code.name, colour: code.colour })),
      })),
  }));
}

export function historyModel(request: FastifyRequest, decisions: ThemeDecision[], codes: Code[]) {
  const byId = new Map(codes.map((code) => [code.id, code]));
  const names = (ids: unknown) =>
    Array.isArray(ids)
      ? ids
          .map((id) => byId.get(String(id))?.name ?? '')
          .filter(Boolean)
          .join(', ')
      : '';
  return decisions.map((decision) => {
    const details = (decision.details ?? {}) as Record<string, unknown>;
    const status = (value: unknown) =>
      typeof value === 'string' && THEME_STATUSES.includes(value as ThemeStatus)
        ? statusText(request, value as ThemeStatus)
        : '';
    const parts: string[] = [];
    if (decision.action === 'codes') {
      if (names(details.added)) parts.push(request.t('staff:themes.history.added', { codes: names(details.added) }));
      if (names(details.removed))
        parts.push(request.t('staff:themes.history.removed', { codes: names(details.removed) }));
    }
    return {
      when: staffTime(decision.decidedAt),
      who: decision.decidedBy ?? request.t('staff:codebook.someone'),
      what:
        decision.action === 'codes'
          ? parts.join('; ')
          : request.t(`staff:themes.history.${decision.action}`, {
              name: typeof details.name === 'string' ? details.name : '',
              from: decision.action === 'status' ? status(details.from) : String(details.from ?? ''),
              to: decision.action === 'status' ? status(details.to) : String(details.to ?? ''),
              fields: Array.isArray(details.fields)
                ? details.fields.map((field) => request.t(`staff:themes.fields.${field}`)).join(', ')
                : '',
            }),
    };
  });
}
