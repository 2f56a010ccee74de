// The bare baseline for submissions in Node: the smallest Fastify server that parses the same
// urlencoded form, inserts one row through a pg Pool (the app's driver and pool size) and
// answers 303. What the app does beyond this (validation, PII scan, receipts, rendering) is
// the gap between this row and the submissions row.
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
// An idle connection closed by the server (the bench dropping its database) must not crash us.
pool.on('error', () => {});
const app = Fastify({ logger: false });
await app.register(formbody);

app.get('/ready', async () => ({ ok: true }));
app.post('/submit', async (request, reply) => {
  const body = request.body as Record<string, string | string[] | undefined>;
  const account = body.what_happened;
  await pool.query('insert into bench_bare_post (payload, submitted_on) values ($1, current_date)', [
    typeof account === 'string' ? account : '',
  ]);
  return reply.redirect('/done', 303);
});

await app.listen({ port: Number(process.env.PORT ?? 3002), host: '127.0.0.1' });
