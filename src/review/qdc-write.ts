// Writing a survey's codebook as REFI-QDA (.qdc): every code that has not been merged away, in
// its tree, with its GUID (the code's own id, the same in every export, so a re-import merges
// instead of duplicating), name, description and colour; a retired code is written with
// isCodable="false". Themes go out as Sets of their codes, with the central idea as the set's
// description; with no theme there is no <Sets> at all, since an empty one fails the schema.
// Valid against schemas/refi-qda/Codebook.xsd (checked with xmllint in the tests).
import { XMLBuilder } from 'fast-xml-parser';
import { CODEBOOK_NAMESPACE } from './qdc-read.js';

export interface CodeToWrite {
  id: string;
  parentId: string | null;
  name: string;
  description: string;
  colour: string | null;
  retired: boolean;
}

export interface SetToWrite {
  id: string;
  name: string;
  description: string;
  codeIds: string[];
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  // isCodable="true" in full: XML has no attributes without values.
  suppressBooleanAttributes: false,
});

export function writeCodebook(codes: readonly CodeToWrite[], sets: readonly SetToWrite[], origin: string): string {
  const children = new Map<string | null, CodeToWrite[]>();
  const ids = new Set(codes.map((code) => code.id));
  for (const code of codes) {
    // A code whose parent is not written (merged away) stands at the top rather than vanish.
    const parent = code.parentId && ids.has(code.parentId) ? code.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), code]);
  }
  const element = (code: CodeToWrite): Record<string, unknown> => ({
    '@_guid': code.id,
    '@_name': code.name,
    '@_isCodable': code.retired ? 'false' : 'true',
    ...(code.colour ? { '@_color': code.colour } : {}),
    ...(code.description ? { Description: code.description } : {}),
    ...((children.get(code.id) ?? []).length ? { Code: (children.get(code.id) ?? []).map(element) } : {}),
  });
  const written = sets.filter((set) => set.codeIds.some((id) => ids.has(id)) || set.codeIds.length === 0);
  const book: Record<string, unknown> = {
    '@_xmlns': CODEBOOK_NAMESPACE,
    '@_origin': origin,
    Codes: { Code: (children.get(null) ?? []).map(element) },
    ...(written.length
      ? {
          Sets: {
            Set: written.map((set) => ({
              '@_guid': set.id,
              '@_name': set.name,
              ...(set.description ? { Description: set.description } : {}),
              ...(set.codeIds.length
                ? { MemberCode: set.codeIds.filter((id) => ids.has(id)).map((id) => ({ '@_targetGUID': id })) }
                : {}),
            })),
          },
        }
      : {}),
  };
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ CodeBook: book })}`;
}
