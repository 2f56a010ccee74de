// A small HTTP/1.1 client on node:http with keep-alive, as a phone browser talks to the
// service: a bounded pool of connections, a timeout on every request, the body as text.
import { Agent, request as httpRequest } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

export interface HttpClient {
  get(url: string): Promise<Reply>;
  /** POSTs an urlencoded form body. */
  post(url: string, form: string): Promise<Reply>;
  close(): void;
}

export function createClient(options: { maxSockets: number; timeoutMs?: number }): HttpClient {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets, maxFreeSockets: options.maxSockets });
  const timeoutMs = options.timeoutMs ?? 20_000;

  const send = (method: 'GET' | 'POST', url: string, form?: string) =>
    new Promise<Reply>((resolve, reject) => {
      const started = performance.now();
      const headers: Record<string, string | number> = {};
      if (form !== undefined) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        headers['content-length'] = Buffer.byteLength(form);
      }
      const req = httpRequest(url, { method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
        res.on('aborted', () => reject(Object.assign(new Error('response aborted'), { code: 'ABORTED' })));
      });
      req.setTimeout(timeoutMs, () =>
        req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'CLIENT_TIMEOUT' })),
      );
      req.on('error', reject);
      req.end(form);
    });

  return {
    get: (url) => send('GET', url),
    post: (url, form) => send('POST', url, form),
    close: () => agent.destroy(),
  };
}

/** A short stable name for a failed request: the error code, else its message. */
export function errorName(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message.slice(0, 80) : String(error).slice(0, 80);
}
