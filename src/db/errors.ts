// Tells "the database cannot be reached right now" apart from every other failure, so the
// resident sees a "try again shortly" page (503) rather than a generic error.
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  '53300', // too_many_connections
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

const unreachableMessages = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection ended unexpectedly',
  'the database system is',
  'Query read timeout',
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (unreachableCodes.has(code) || code.startsWith('08'))) return true;
  if (unreachableMessages.some((m) => error.message.includes(m))) return true;
  // AggregateError from net when every address failed, or a wrapped cause.
  const nested = (error as { errors?: unknown[]; cause?: unknown }).errors ?? [];
  return [...nested, (error as { cause?: unknown }).cause].some(isDatabaseUnavailable);
}
