// Reading a REFI-QDA codebook (.qdc, namespace urn:QDA-XML:codebook:1.0), as NVivo, ATLAS.ti,
// MAXQDA and QualCoder write one: nested codes with GUIDs, names, descriptions and colours, and
// sets (code groups). Everything is checked before anything is stored; a file that is not
// well-formed XML (a truncated download), not a codebook, or breaks a rule of the schema is
// refused with a message naming the problem and where it is. No DOCTYPE is accepted, so no
// entity in a file can expand or reach outside it.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CODE_DESCRIPTION_MAX, CODE_NAME_MAX } from './codebook.js';

export const CODEBOOK_NAMESPACE = 'urn:QDA-XML:codebook:1.0';
/** Larger than any codebook: 20,000 codes with long descriptions fit well inside. */
export const CODEBOOK_FILE_MAX_BYTES = 5 * 1024 * 1024;

export interface ImportedCode {
  /** Lower case, without braces. */
  guid: string;
  name: string;
  description: string;
  /** `#RRGGBB`, upper case, or null. */
  colour: string | null;
  codable: boolean;
  parentGuid: string | null;
}

export interface ImportedSet {
  guid: string;
  name: string;
  description: string;
  memberGuids: string[];
}

export interface ImportedCodebook {
  origin: string | null;
  /** Each parent before its children. */
  codes: ImportedCode[];
  sets: ImportedSet[];
}

/** Why a file cannot be imported, in words for the person who chose it. */
export class CodebookFileError extends Error {}

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;
const RGB = /^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$/;

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  isArray: (name) => ['Code', 'Set', 'MemberCode', 'Codes', 'Sets', 'Description'].includes(name),
});

function guidOf(value: unknown, what: string): string {
  const match = typeof value === 'string' ? GUID.exec(value.trim()) : null;
  if (!match) throw new CodebookFileError(`${what} has no valid guid (found ${JSON.stringify(value ?? '')}).`);
  return (match[1] as string).toLowerCase();
}

function colourOf(value: unknown, what: string): string | null {
  if (value === undefined || value === '') return null;
  const text = String(value).trim();
  if (!RGB.test(text))
    throw new CodebookFileError(`${what} has a colour that is not #RRGGBB: ${JSON.stringify(text)}.`);
  const hex = text.slice(1).toUpperCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
}

function booleanOf(value: unknown, what: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new CodebookFileError(`${what} has no isCodable of true or false (found ${JSON.stringify(value ?? '')}).`);
}

/** An element's text content (fast-xml-parser puts it in #text once it has attributes). */
function textOf(nodes: unknown): string {
  const [node] = Array.isArray(nodes) ? nodes : [];
  if (node === undefined) return '';
  if (typeof node === 'string') return node.trim();
  const text = (node as Node)['#text'];
  return typeof text === 'string' ? text.trim() : '';
}

function nameOf(value: unknown, what: string): string {
  const name = typeof value === 'string' ? value.normalize('NFC').trim() : '';
  if (name === '') throw new CodebookFileError(`${what} has no name.`);
  if ([...name].length > CODE_NAME_MAX) {
    throw new CodebookFileError(`${what} has a name longer than ${CODE_NAME_MAX} characters.`);
  }
  return name;
}

/** ` ("name")` after an element's place in the file, when it has a name to show. */
const named = (node: Node) =>
  typeof node['@_name'] === 'string' && node['@_name'].trim() !== '' ? ` ("${node['@_name'].trim()}")` : '';

export function readCodebook(xml: string): ImportedCodebook {
  const text = xml.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new CodebookFileError('The file is empty.');
  if (/<!DOCTYPE/i.test(text)) throw new CodebookFileError('The file declares a DOCTYPE, which a codebook never has.');
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new CodebookFileError(
      `The file is not complete, well-formed XML (line ${valid.err.line}, column ${valid.err.col}): ${valid.err.msg}`,
    );
  }
  const document = parser.parse(text) as Node;
  const root = document.CodeBook as Node | undefined;
  if (!root || typeof root !== 'object') {
    const found = Object.keys(document).find((key) => !key.startsWith('?'));
    throw new CodebookFileError(
      `The file is not a REFI-QDA codebook: its first element is <${found ?? '?'}>, not <CodeBook>.`,
    );
  }
  // The parser drops namespace declarations with the prefixes; read the root's from its tag.
  const rootTag = /<(?:([\w.-]+):)?CodeBook\b[^>]*>/.exec(text);
  const prefix = rootTag?.[1];
  const declared = rootTag
    ? new RegExp(`\\sxmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(rootTag[0])
    : null;
  const namespace = declared ? (declared[2] ?? declared[3]) : undefined;
  if (namespace !== CODEBOOK_NAMESPACE) {
    throw new CodebookFileError(
      `The codebook is not in the namespace ${CODEBOOK_NAMESPACE} (found ${JSON.stringify(namespace ?? 'none')}).`,
    );
  }
  const codesElements = (root.Codes as Node[] | undefined) ?? [];
  if (codesElements.length !== 1 || !Array.isArray(codesElements[0]?.Code) || codesElements[0].Code.length === 0) {
    throw new CodebookFileError('The codebook has no <Codes> element with at least one <Code> in it.');
  }

  const codes: ImportedCode[] = [];
  const seen = new Set<string>();
  const walk = (nodes: Node[], parentGuid: string | null, path: string) => {
    nodes.forEach((node, index) => {
      const where = `Code ${path}${index + 1}${named(node)}`;
      const guid = guidOf(node['@_guid'], where);
      if (seen.has(guid)) throw new CodebookFileError(`${where} has the same guid as another code: ${guid}.`);
      seen.add(guid);
      const description = textOf(node.Description).normalize('NFC');
      if ([...description].length > CODE_DESCRIPTION_MAX) {
        throw new CodebookFileError(`${where} has a description longer than ${CODE_DESCRIPTION_MAX} characters.`);
      }
      codes.push({
        guid,
        name: nameOf(node['@_name'], where),
        description,
        colour: colourOf(node['@_color'], where),
        codable: booleanOf(node['@_isCodable'], where),
        parentGuid,
      });
      walk((node.Code as Node[] | undefined) ?? [], guid, `${path}${index + 1}.`);
    });
  };
  walk(codesElements[0].Code as Node[], null, '');

  const sets: ImportedSet[] = [];
  const setsElements = (root.Sets as Node[] | undefined) ?? [];
  for (const setsElement of setsElements) {
    ((setsElement.Set as Node[] | undefined) ?? []).forEach((node, index) => {
      const where = `Set ${index + 1}${named(node)}`;
      const guid = guidOf(node['@_guid'], where);
      if (seen.has(guid)) throw new CodebookFileError(`${where} has the same guid as a code or another set: ${guid}.`);
      seen.add(guid);
      const memberGuids = ((node.MemberCode as Node[] | undefined) ?? []).map((member, n) =>
        guidOf(member['@_targetGUID'], `${where}, member ${n + 1},`),
      );
      for (const member of memberGuids) {
        if (!codes.some((code) => code.guid === member)) {
          throw new CodebookFileError(`${where} names a code that is not in the file: ${member}.`);
        }
      }
      sets.push({ guid, name: nameOf(node['@_name'], where), description: textOf(node.Description), memberGuids });
    });
  }
  return { origin: typeof root['@_origin'] === 'string' ? root['@_origin'] : null, codes, sets };
}
