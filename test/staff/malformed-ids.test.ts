// Every staff route that takes an id in its path, called with ids that are not uuids — 36 dashes
// (which a loose [0-9a-f-]{36} pattern once let through to Postgres), a word, a uuid with one
// character too many — by a user holding every role: a clear "not found" page (or the route's own
// refusal), never a server error from the database refusing the id.
import t from 'tap';
import { ROLES } from '../../src/db/schema.js';
import { build } from '../helper.js';
import { EXPECTED_ACCESS } from '../support/route-access-expected.js';
import { createStaffUser, csrfOf, signIn, staffGet, staffPost } from '../support/staff.js';

const app = await build(t);
await createStaffUser(app, { email: 'all@example.org', roles: [...ROLES], displayName: 'Everyone' });
const session = await signIn(app, 'all@example.org');
const csrf = csrfOf((await staffGet(app, '/staff/', { cookie: session.cookie })).body) as string;

const BAD_IDS = ['-'.repeat(36), 'not-an-id', `${'a'.repeat(8)}-aaaa-aaaa-aaaa-${'a'.repeat(13)}`];

t.test('ids that are not uuids are not found, on every route that takes one', async (t) => {
  const routes = Object.keys(EXPECTED_ACCESS).filter((key) => /\/:(?!token)\w+/.test(key));
  t.ok(routes.length > 20, `${routes.length} routes take an id`);
  for (const key of routes) {
    const [method, path] = key.split(' ') as [string, string];
    for (const bad of BAD_IDS) {
      const url = path.replace(/:\w+/g, encodeURIComponent(bad));
      const res =
        method === 'GET'
          ? await staffGet(app, url, { cookie: session.cookie })
          : await staffPost(app, url, { _csrf: csrf }, { cookie: session.cookie });
      t.ok(res.statusCode < 500, `${method} ${url}: ${res.statusCode}`);
      t.notMatch(res.body, /invalid input syntax|stack|at \w+ \(/, `${method} ${url}: no database error shown`);
    }
  }
});
