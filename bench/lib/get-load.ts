// GET load as every page row runs it: check the page once, warm up, then measure.
import { get } from 'node:http';
import { type LoadStats, runLoad } from './load.js';

export const GET_CONNECTIONS = 10;
export const GET_WARMUP_SECONDS = 2;
export const GET_SECONDS = 10;

export interface PageLoad extends LoadStats {
  /** Bytes of one response body as sent (compressed if the server compressed it). */
  pageBytes: number;
  /** The Content-Encoding the server chose, if any. */
  encoding: string | undefined;
}

export async function measurePage(
  url: string,
  headers: Record<string, string>,
  serverCpuSeconds: () => number,
): Promise<PageLoad> {
  const probe = await rawGet(url, headers);
  if (probe.status !== 200) throw new Error(`GET ${url} answered ${probe.status}`);
  const { bytes: pageBytes, encoding } = probe;
  // Warm-up: let V8 optimise the hot paths and the sockets settle before anything is counted.
  await runLoad({ url, connections: GET_CONNECTIONS, durationSeconds: GET_WARMUP_SECONDS, headers });
  const stats = await runLoad({
    url,
    connections: GET_CONNECTIONS,
    durationSeconds: GET_SECONDS,
    headers,
    serverCpuSeconds,
  });
  return { ...stats, pageBytes, encoding };
}

export function describeLoad(stats: LoadStats): string {
  const other = Object.entries(stats.otherStatuses).map(([status, count]) => `${count}×${status}`);
  const server = stats.serverCpuMs === undefined ? '' : `, server CPU ${stats.serverCpuMs.toFixed(3)} ms per success`;
  const cpu = `${server}, whole machine ${stats.machineCpuMs.toFixed(3)} ms CPU per success`;
  return `${stats.connections} connections, ${stats.seconds.toFixed(1)} s, ${stats.successes} successes, other statuses: ${other.join(', ') || 'none'}, errors ${stats.errors}, timeouts ${stats.timeouts}${cpu}`;
}

/** One GET, counting the body's bytes as they arrive (fetch would decompress them first). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; bytes: number; encoding: string | undefined }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, bytes, encoding: response.headers['content-encoding'] }),
      );
      response.on('error', reject);
    }).on('error', reject);
  });
}
