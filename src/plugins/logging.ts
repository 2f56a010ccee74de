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

/** `invalid input syntax for type uuid: "my story"` → `invalid input syntax for type uuid: "…"`. */
export function maskQuoted(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"');
}

/** The `at …` lines of a stack, without the message lines above them. */
export function stackFrames(stack: string | undefined): string {
  return (stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

export function loggerOptions(options: LoggingOptions): FastifyServerOptions['logger'] {
  return {
    level: options.level,
    // No time on any line: a public request's error must not say when a resident was here.
    // A log collector that stamps lines itself should keep only the day.
    timestamp: false,
    ...(options.stream ? { stream: options.stream } : {}),
    serializers: {
      req: (request: { method: string; url: string }) => ({ method: request.method, path: pathOnly(request.url) }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      err: (error: Error & { code?: unknown }) => ({
        type: error.name,
        code: error.code,
        // Database (and JSON) messages quote the value they choked on, which can be what a
        // resident typed: mask quoted text, and keep only the stack's frames, since its first
        // line repeats the whole message.
        message: maskQuoted(String(error.message)).slice(0, 200),
        stack: stackFrames(error.stack),
      }),
    },
    redact: { paths: ['req.headers', 'req.remoteAddress', 'req.body'], remove: true },
  };
}

async function staffRequestLog(app: FastifyInstance): Promise<void> {
  app.addHook('onResponse', async (request, reply) => {
    if (!request.url.startsWith('/staff')) return;
    const log: FastifyBaseLogger = request.log;
    // A one-time link's token is a live credential until used: log those routes by pattern.
    const route = request.routeOptions.url;
    log.info(
      {
        method: request.method,
        path: route?.includes(':token') ? route : pathOnly(request.url),
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'staff request',
    );
  });
}

export const staffRequestLogging = fp(staffRequestLog, { name: 'staff-request-log' });
