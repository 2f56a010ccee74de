// /staff/exports: accounts to a file, for Excel, R or SPSS. The page takes the accounts list's
// filter (its "Export these accounts" link carries it) and offers a format and the language of
// the labels; the file streams straight from the database to the browser, never held whole in
// memory nor written to disk, and its data dictionary downloads beside it. What is in it, and who
// may have it, is the export's own business (src/export/).
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../../errors/app-error.js';
import { accountsExport, dictionaryCsv, type ExportDeps } from '../../../export/run-export.js';
import { CONTENT_TYPES, EXPORT_FORMATS, type ExportFormat } from '../../../export/writers.js';
import { isLocaleCode, LOCALES, type LocaleCode } from '../../../i18n/locales.js';
import { filterQuery, hasFilter, parseFilter } from '../../../reading/filter.js';
import { EXPORTERS } from '../../../staff/access.js';
import { actorOf, renderStaff, signedIn } from '../context.js';
import { chooseSurvey } from '../survey-choice.js';

const labelsOf = (value: unknown): LocaleCode => (typeof value === 'string' && isLocaleCode(value) ? value : 'en');

export default async function exportsArea(app: FastifyInstance): Promise<void> {
  const deps = (): ExportDeps => ({
    db: app.db,
    handle: app.database,
    secret: app.config.secret,
    surveys: app.surveys,
    i18n: app.i18n,
  });

  function queryOf(request: FastifyRequest) {
    return (request.query ?? {}) as Record<string, unknown>;
  }

  app.get('/', { config: { access: EXPORTERS }, prefixTrailingSlash: 'no-slash' }, async (request, reply) => {
    const query = queryOf(request);
    const survey = await chooseSurvey(app, query.survey);
    const { filter } = parseFilter(query);
    delete filter.survey;
    const labels = labelsOf(query.labels);
    const staff = signedIn(request);
    return renderStaff(request, reply, 'exports/exports', {
      title: request.t('staff:exports.title'),
      slug: survey.slug,
      surveys: survey.choices,
      filtered: hasFilter(filter),
      filterFields: Object.entries(Object.fromEntries(new URLSearchParams(filterQuery(filter).slice(1)))).map(
        ([name, value]) => ({ name, value }),
      ),
      listHref: `/staff/accounts${filterQuery({ ...filter, survey: survey.slug })}`,
      formats: EXPORT_FORMATS.map((format, index) => ({
        value: format,
        text: request.t(`staff:exports.formats.${format}`),
        checked: index === 0,
      })),
      languages: LOCALES.map((locale) => ({ value: locale.code, text: locale.name, selected: locale.code === labels })),
      dictionaryHref: `/staff/exports/dictionary?survey=${encodeURIComponent(survey.slug)}&labels=${labels}`,
      flaggedIncluded: staff.user.roles.includes('safeguarding'),
    });
  });

  app.get('/accounts', { config: { access: EXPORTERS } }, async (request, reply) => {
    const query = queryOf(request);
    const survey = await chooseSurvey(app, query.survey);
    const format = (EXPORT_FORMATS as readonly string[]).includes(String(query.format))
      ? (query.format as ExportFormat)
      : 'csv';
    const { filter } = parseFilter(query);
    delete filter.survey;
    const staff = signedIn(request);
    const chunks = accountsExport(deps(), {
      slug: survey.slug,
      format,
      filter,
      labels: labelsOf(query.labels),
      roles: staff.user.roles,
      actor: actorOf(staff),
    });
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .type(CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="accounts-${survey.slug}-${day}.${format}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(chunks));
  });

  app.get('/dictionary', { config: { access: EXPORTERS } }, async (request, reply) => {
    const query = queryOf(request);
    const survey = await chooseSurvey(app, query.survey);
    const csv = await dictionaryCsv(deps(), survey.slug, labelsOf(query.labels)).catch(() => {
      throw notFound();
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="accounts-${survey.slug}-dictionary.csv"`)
      .send(csv);
  });
}
