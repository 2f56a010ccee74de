// The bare baseline for page GETs: the smallest Fastify server that renders a 6 KB HTML page
// with Handlebars on every request. The app's form page does the same plus routing by locale,
// i18n, the survey catalog, security headers and a signed token; the ratio shows what those cost.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import Handlebars from 'handlebars';

const template = Handlebars.compile(readFileSync(new URL('./page.hbs', import.meta.url), 'utf8'));

// Four questions of seven choices each, about the size and shape of a survey page.
const questions = Array.from({ length: 4 }, (_, q) => ({
  id: `question_${q}`,
  label: `Question ${q + 1}: how were you treated by the service you used?`,
  hint: 'Choose the answer that fits best. You can change it before you send the survey.',
  options: Array.from({ length: 7 }, (_, o) => ({ code: `option_${o}`, label: `Answer number ${o + 1}` })),
}));

const app = Fastify({ logger: false });
app.get('/page', async (_request, reply) =>
  reply.type('text/html; charset=utf-8').send(
    template({
      lang: 'en',
      title: 'Your experience of health services',
      service: 'Codka',
      intro: 'Tell us how you were treated by a GP, hospital, pharmacy or other health service.',
      action: '/en/surveys/your-experience',
      // Per request, like the app's form token, so nothing can be cached.
      token: randomBytes(16).toString('base64url'),
      questions,
      footer: 'You do not need to give your name.',
    }),
  ),
);

await app.listen({ port: Number(process.env.PORT ?? 3001), host: '127.0.0.1' });
