// What the codebook pages show: the codes as a tree (each with its colour, what it is for, and
// whether it is retired or merged), the choices of parent, merge target and colour, and the
// decision log in words.
import type { FastifyRequest } from 'fastify';
import { staffTime } from '../../../dates/staff-time.js';
import type { CodeDecision } from '../../../review/code-decisions.js';
import type { Code } from '../../../review/codebook.js';
import { PALETTE } from './code-form.js';

export interface TreeRow {
  code: Code;
  depth: number;
}

/** The codes in tree order (each parent before its children, siblings by name), with depth. */
export function treeOrder(codes: Code[]): TreeRow[] {
  const children = new Map<string | null, Code[]>();
  for (const code of codes) {
    const siblings = children.get(code.parentId) ?? [];
    siblings.push(code);
    children.set(code.parentId, siblings);
  }
  const rows: TreeRow[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const code of children.get(parent) ?? []) {
      rows.push({ code, depth });
      walk(code.id, depth + 1);
    }
  };
  walk(null, 0);
  return rows;
}

const pathOf = (code: Code, byId: Map<string, Code>) => {
  const names = [code.name];
  let parent = code.parentId ? byId.get(code.parentId) : undefined;
  while (parent) {
    names.unshift(parent.name);
    parent = parent.parentId ? byId.get(parent.parentId) : undefined;
  }
  return names.join(' › ');
};

/** Codes still in use, named by their path, as choices of a select. */
export function codeChoices(codes: Code[], selected: string | null, except?: (code: Code) => boolean) {
  const byId = new Map(codes.map((code) => [code.id, code]));
  return treeOrder(codes)
    .filter(({ code }) => !code.mergedInto && !except?.(code))
    .map(({ code }) => ({ value: code.id, text: pathOf(code, byId), selected: code.id === selected }));
}

export function colourChoices(request: FastifyRequest, current: string | null) {
  const palette = PALETTE.map((colour) => ({
    value: colour.value,
    text: request.t(`staff:codebook.colours.${colour.name.toLowerCase()}`),
    selected: colour.value === current,
  }));
  // A colour from elsewhere (an imported codebook) stays offered as it is.
  const own =
    current && !PALETTE.some((colour) => colour.value === current)
      ? [{ value: current, text: current, selected: true }]
      : [];
  return [{ value: '', text: request.t('staff:codebook.noColour'), selected: current === null }, ...own, ...palette];
}

export function codeState(request: FastifyRequest, code: Code, byId: Map<string, Code>): string | undefined {
  if (code.mergedInto) return request.t('staff:codebook.mergedInto', { name: byId.get(code.mergedInto)?.name ?? '' });
  return code.retired ? request.t('staff:codebook.retired') : undefined;
}

export function treeModel(request: FastifyRequest, codes: Code[]) {
  const byId = new Map(codes.map((code) => [code.id, code]));
  return treeOrder(codes).map(({ code, depth }) => ({
    href: `/staff/codebook/codes/${code.id}`,
    name: code.name,
    description: code.description,
    colour: code.colour,
    depth,
    state: codeState(request, code, byId),
  }));
}

export function decisionsModel(request: FastifyRequest, decisions: CodeDecision[], codes: Code[]) {
  const byId = new Map(codes.map((code) => [code.id, code]));
  return decisions.map((decision) => {
    const details = (decision.details ?? {}) as Record<string, unknown>;
    // A code's name when it was added, or imported, is the one the entry keeps; else its name now.
    const name =
      (decision.action === 'created' || decision.action === 'imported') && typeof details.name === 'string'
        ? details.name
        : (byId.get(decision.codeId)?.name ?? '');
    const parent = (id: unknown) =>
      typeof id === 'string' ? (byId.get(id)?.name ?? '') : request.t('staff:codebook.topLevel');
    return {
      when: staffTime(decision.decidedAt),
      who: decision.decidedBy ?? request.t('staff:codebook.someone'),
      what: request.t(`staff:codebook.decisions.${decision.action}`, {
        name,
        from:
          details.from === undefined ? '' : decision.action === 'moved' ? parent(details.from) : String(details.from),
        to: details.to === undefined ? '' : decision.action === 'moved' ? parent(details.to) : String(details.to),
        into: typeof details.intoName === 'string' ? details.intoName : '',
        merged: typeof details.name === 'string' ? details.name : name,
        fields: Array.isArray(details.fields)
          ? details.fields.map((field) => request.t(`staff:codebook.changedFields.${field}`)).join(', ')
          : '',
      }),
    };
  });
}
