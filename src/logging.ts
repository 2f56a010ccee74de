// What the service writes to its log. Promise 1 says no client address, user agent, referrer,
// query string or body of a public request is ever written anywhere, so Fastify's own
// per-request lines (which carry the address) are switched off and replaced by one line per
// staff request; public requests are logged only when they fail on the server side, by route
// pattern, never by address or content.
import type { FastifyBaseLogger, FastifyInstance, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';

export interface LoggingOptions {
  level: string;
  /** Where log lines go; tests pass a stream to read them back. */
  stream?: NodeJS.WritableStream;
}

/** The path of a URL with any query string and fragment removed. */
export function pathOnly(url: string): string {
  return url.split(/[?#]/, 1)[0] ?? '';
}

export function loggerOptions(options: LoggingOptions): FastifyServerOptions['logger'] {
  return {
    level: options.level,
    ...(options.stream ? { stream: options.stream } : {}),
    serializers: {
      req: (request: { method: string; url: string }) => ({ method: request.method, path: pathOnly(request.url) }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      err: (error: Error & { code?: unknown }) => ({
        type: error.name,
        code: error.code,
        // Database messages can quote a value; keep them short so no account text spills here.
        message: String(error.message).slice(0, 200),
        stack: error.stack ?? '',
      }),
    },
    redact: { paths: ['req.headers', 'req.remoteAddress', 'req.body'], remove: true },
  };
}

async function staffRequestLog(app: FastifyInstance): Promise<void> {
  app.addHook('onResponse', async (request, reply) => {
    if (!request.url.startsWith('/staff')) return;
    const log: FastifyBaseLogger = request.log;
    log.info(
      {
        method: request.method,
        path: pathOnly(request.url),
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'staff request',
    );
  });
}

export const staffRequestLogging = fp(staffRequestLog, { name: 'staff-request-log' });
