// Whether a value from a URL or a form is a uuid as Postgres reads one. Checked before any
// query, so that a mistyped or made-up id is "not found" rather than a database error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
