// The codebook to and from REFI-QDA from the codebook page: GET /staff/codebook/export?survey=…
// downloads the .qdc file; POST /staff/codebook/import takes one (a file upload, the only
// multipart form of the service, so only these routes parse multipart). A file that cannot be
// imported comes back to the codebook page with the reason, and nothing of it is kept.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { codebookFile } from '../../../review/codebook-export.js';
import { importCodebook } from '../../../review/codebook-import.js';
import { CODEBOOK_FILE_MAX_BYTES, CodebookFileError, readCodebook } from '../../../review/qdc-read.js';
import { CODERS } from '../../../staff/access.js';
import { type FieldError, signedIn } from '../context.js';

interface Options {
  surveyOf(slug: unknown): Promise<{ slug: string; surveyId: string }>;
  showCodebook(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: unknown,
    shown: { errors?: FieldError[]; status?: number },
  ): Promise<unknown>;
}

/** Requests whose file was cut off at the size limit. */
const tooLarge = new WeakSet<FastifyRequest>();

const utf8 = new TextDecoder('utf-8', { fatal: true });

function fileText(request: FastifyRequest, file: unknown): string {
  if (tooLarge.has(request)) {
    throw new CodebookFileError(`The file is larger than ${CODEBOOK_FILE_MAX_BYTES / 1024 / 1024} MB.`);
  }
  if (!Buffer.isBuffer(file) || file.length === 0)
    throw new CodebookFileError('Choose a codebook file (.qdc) to import.');
  try {
    return utf8.decode(file);
  } catch {
    throw new CodebookFileError('The file is not UTF-8 text, which a REFI-QDA codebook always is.');
  }
}

export default async function codebookExchangeRoutes(app: FastifyInstance, options: Options): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: CODEBOOK_FILE_MAX_BYTES, files: 1, fields: 4, parts: 5 },
    async onFile(part) {
      await part.toBuffer();
      if (part.file.truncated) tooLarge.add(this);
    },
  });

  app.get('/export', { config: { access: CODERS } }, async (request, reply) => {
    const survey = await options.surveyOf((request.query as Record<string, unknown>)?.survey);
    const xml = await codebookFile(app.db, survey.surveyId);
    if (xml === undefined) {
      return options.showCodebook(request, reply, survey.slug, {
        status: 409,
        errors: [{ target: 'f-name', field: 'export', message: request.t('staff:codebook.exportEmpty') }],
      });
    }
    return reply
      .type('application/xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="codebook-${survey.slug}.qdc"`)
      .header('cache-control', 'no-store')
      .send(xml);
  });

  app.post('/import', { config: { access: CODERS } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const survey = await options.surveyOf(body.survey);
    const { user } = signedIn(request);
    try {
      const book = readCodebook(fileText(request, body.file));
      const summary = await app.db
        .transaction()
        .execute((trx) => importCodebook(trx, book, { surveyId: survey.surveyId, by: user.id }));
      const counts = [summary.added, summary.changed, summary.unchanged, summary.themesAdded].join('.');
      return reply.code(303).redirect(`/staff/codebook?survey=${encodeURIComponent(survey.slug)}&imported=${counts}`);
    } catch (error) {
      if (!(error instanceof CodebookFileError)) throw error;
      return options.showCodebook(request, reply, survey.slug, {
        errors: [
          {
            target: 'f-file',
            field: 'file',
            message: request.t('staff:codebook.importRefused', { problem: error.message }),
          },
        ],
      });
    }
  });
}
