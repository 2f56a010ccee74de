// Who should reach each staff route: the route × role test's own table, kept apart from the
// routes' declarations so that a route declaring the wrong access fails the test, not only one
// declaring none. A new route needs a line here: the decision is made twice, on purpose.
import type { Access } from '../../src/staff/access.js';

const anyone: Access = { kind: 'anyone' };
const signedIn: Access = { kind: 'signed-in' };
const admin: Access = { kind: 'roles', roles: ['admin'] };
const partners: Access = { kind: 'roles', roles: ['partner', 'admin'] };
const translators: Access = { kind: 'roles', roles: ['translator', 'admin'] };
const safeguarding: Access = { kind: 'roles', roles: ['safeguarding'] };
const roundKeepers: Access = { kind: 'roles', roles: ['analyst', 'admin'] };
const roundReaders: Access = { kind: 'roles', roles: ['analyst', 'admin', 'reviewer'] };
const coders: Access = { kind: 'roles', roles: ['analyst', 'admin'] };
const exporters: Access = { kind: 'roles', roles: ['analyst', 'safeguarding', 'admin'] };
const readers: Access = { kind: 'roles', roles: ['analyst', 'reviewer', 'translator', 'safeguarding', 'admin'] };

export const EXPECTED_ACCESS: Readonly<Record<string, Access>> = {
  'GET /staff/login': anyone,
  'POST /staff/login': anyone,
  'GET /staff/login/second-factor': anyone,
  'POST /staff/login/second-factor': anyone,
  'GET /staff/setup/:token': anyone,
  'POST /staff/setup/:token': anyone,
  'GET /staff/password/:token': anyone,
  'POST /staff/password/:token': anyone,

  'GET /staff/': signedIn,
  'POST /staff/logout': signedIn,
  'GET /staff/account': signedIn,
  'POST /staff/account/password': signedIn,
  'GET /staff/account/two-factor': signedIn,
  'POST /staff/account/two-factor': signedIn,

  'GET /staff/admin/users': admin,
  'GET /staff/admin/users/new': admin,
  'POST /staff/admin/users/new': admin,
  'GET /staff/admin/users/:id': admin,
  'POST /staff/admin/users/:id': admin,
  'POST /staff/admin/users/:id/reset-link': admin,
  'POST /staff/admin/users/:id/unlock-second-factor': admin,
  'GET /staff/admin/organisations': admin,
  'POST /staff/admin/organisations': admin,
  'GET /staff/admin/audit': admin,

  'GET /staff/sessions': partners,
  'GET /staff/sessions/new': partners,
  'POST /staff/sessions/new': partners,
  'POST /staff/sessions/:id/close': partners,
  'GET /staff/sessions/counts.csv': partners,
  'GET /staff/sessions/:id': partners,
  'GET /staff/sessions/:id/enter': partners,
  'POST /staff/sessions/:id/enter': partners,
  'GET /staff/sessions/:id/slip/:slip': partners,
  'GET /staff/sessions/fresh.css': partners,

  'GET /staff/accounts': readers,
  'POST /staff/accounts/:id/flags': readers,
  'POST /staff/accounts/:id/redactions': { kind: 'roles', roles: ['analyst', 'safeguarding', 'admin'] },
  'POST /staff/accounts/:id/redactions/show': safeguarding,
  'POST /staff/accounts/:id/codings': coders,
  'POST /staff/accounts/:id/memos': coders,
  'POST /staff/accounts/:id/codings/:coding/remove': coders,
  'GET /staff/translations': translators,
  'GET /staff/translations/:id': translators,
  'POST /staff/translations/:id': translators,
  'GET /staff/safeguarding': safeguarding,
  'POST /staff/safeguarding/:flagId/resolve': safeguarding,
  'GET /staff/accounts/:id': readers,
  'GET /staff/codebook': coders,
  'GET /staff/themes': coders,
  'POST /staff/themes': coders,
  'GET /staff/themes/:id': coders,
  'POST /staff/themes/:id': coders,
  'GET /staff/themes/:id/passages': coders,
  'POST /staff/themes/:id/memos': coders,
  'GET /staff/journal': coders,
  'GET /staff/exports': exporters,
  'GET /staff/exports/accounts': exporters,
  'GET /staff/exports/dictionary': exporters,
  'POST /staff/journal': coders,
  'POST /staff/journal/:id/share': coders,
  'POST /staff/themes/:id/comments/:commentId': coders,
  'GET /staff/codebook/export': coders,
  'POST /staff/codebook/codes/:id/memos': coders,
  'GET /staff/codebook/agreement': coders,
  'POST /staff/codebook/import': coders,
  'POST /staff/codebook/codes': coders,
  'GET /staff/codebook/codes/:id': coders,
  'POST /staff/codebook/codes/:id': coders,
  'POST /staff/codebook/codes/:id/move': coders,
  'POST /staff/codebook/codes/:id/retire': coders,
  'POST /staff/codebook/codes/:id/merge': coders,
  'GET /staff/rounds': roundReaders,
  'POST /staff/rounds': roundKeepers,
  'GET /staff/rounds/:id': roundKeepers,
  'GET /staff/rounds/:id/themes': roundReaders,
  'POST /staff/rounds/:id/themes': roundKeepers,
  'POST /staff/rounds/:id/themes/:themeId/comments': roundReaders,
  'POST /staff/rounds/:id': roundKeepers,
  'POST /staff/rounds/:id/reviewers': roundKeepers,
  'POST /staff/rounds/add': roundKeepers,
  'POST /staff/rounds/:id/remove': roundKeepers,
  'GET /staff/responses/:id': readers,
};

export const routeKey = (method: string, url: string) => `${method} ${url}`;
