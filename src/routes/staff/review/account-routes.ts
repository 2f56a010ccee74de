// What the account view hands the route plugins that act on one account (redactions.ts,
// codings.ts): the access check that finds the account a reader may read, and the page itself,
// to show again with a form's errors and what was typed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountToRead } from '../../../accounts/find.js';
import type { StaffContext } from '../../../plugins/staff-auth.js';
import type { ReadingScope } from '../../../reading/scope.js';
import type { FieldError } from '../context.js';
import type { MemoShown } from '../memo-form.js';
import type { CodingTyped } from './coding-model.js';

export interface AccountRoute {
  Params: { id: string };
}

/** What the page is shown again with. */
export interface Shown {
  errors?: FieldError[];
  typed?: { category?: string; reason?: string };
  hideTyped?: { part?: string; phrase?: string };
  codingTyped?: CodingTyped;
  memo?: MemoShown;
}

export interface AccountRouteOptions {
  readable(
    request: FastifyRequest<AccountRoute>,
  ): Promise<{ account: AccountToRead; staff: StaffContext; scope: ReadingScope }>;
  showAccount(request: FastifyRequest<AccountRoute>, reply: FastifyReply, shown: Shown): Promise<unknown>;
}
