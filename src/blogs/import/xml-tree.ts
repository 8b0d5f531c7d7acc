import { SaxesParser } from 'saxes';
import { AppError } from '../../errors.ts';

/** A small element tree for one entry of an export; names are `prefix:local` with known prefixes. */
export interface XNode {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: XNode[];
  text: string;
}

/** Namespace URIs we know, mapped to the prefix our readers use, whatever prefix the file chose. */
const knownNamespaces: Array<[RegExp, string]> = [
  [/^http:\/\/www\.w3\.org\/2005\/Atom$/, 'atom'],
  [/^http:\/\/wordpress\.org\/export\/1\.\d\/excerpt\/?$/, 'excerpt'],
  [/^http:\/\/wordpress\.org\/export\/1\.\d\/?$/, 'wp'],
  [/^http:\/\/purl\.org\/rss\/1\.0\/modules\/content\/?$/, 'content'],
  [/^http:\/\/purl\.org\/dc\/elements\/1\.1\/?$/, 'dc'],
  [/^http:\/\/schemas\.google\.com\/blogger\/2018$/, 'blogger'],
  [/^http:\/\/purl\.org\/syndication\/thread\/1\.0$/, 'thr'],
  [/^http:\/\/(www\.w3\.org\/2007\/app|purl\.org\/atom\/app#)$/, 'app'],
  [/^http:\/\/schemas\.google\.com\/g\/2005$/, 'gd'],
];

// Entities real exports use without declaring them (HTML's, mostly).
const htmlEntities: Record<string, string> = {
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  middot: '·',
  bull: '•',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  aacute: 'á',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  ccedil: 'ç',
  ouml: 'ö',
  uuml: 'ü',
  auml: 'ä',
  szlig: 'ß',
  pound: '£',
  euro: '€',
  deg: '°',
  times: '×',
  frac12: '½',
  shy: '\u00ad',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
};

export interface StreamOptions {
  readonly fileName: string;
  /** Called once with the root element's name and attributes (after namespace mapping). */
  onRoot(root: XNode): void;
  /** Whether an element (by mapped name, and the path of its ancestors) is an entry to collect whole. */
  isEntry(name: string, depth: number): boolean;
  onEntry(entry: XNode): void;
  /** Elements directly under the root's channel/feed that are not entries (titles, ids, versions). */
  onHeader?(node: XNode): void;
}

/**
 * Streams an XML document through saxes, without keeping more than one entry in memory. Lenient
 * about undeclared namespace prefixes (the prefix is taken as written) and HTML entities; strict
 * about well-formedness: the first error stops it with the line and column.
 */
export async function streamEntries(chunks: AsyncIterable<string>, options: StreamOptions): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: true, fileName: options.fileName });
  Object.assign(parser.ENTITIES, htmlEntities);
  const scopes: Array<Map<string, string>> = [new Map()];
  const stack: XNode[] = [];
  let entryDepth = -1;
  let failure: Error | undefined;

  const mapName = (qname: string, scope: Map<string, string>, isAttr: boolean): string => {
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const local = colon === -1 ? qname : qname.slice(colon + 1);
    if (prefix === 'xml' || prefix === 'xmlns' || (isAttr && prefix === '')) return qname;
    const uri = scope.get(prefix);
    if (uri === undefined) return prefix ? `${prefix}:${local}` : local;
    const known = knownNamespaces.find(([re]) => re.test(uri))?.[1];
    const mapped = known ?? prefix;
    return mapped && mapped !== 'atom' ? `${mapped}:${local}` : local;
  };

  parser.on('opentag', (tag) => {
    const scope = new Map(scopes.at(-1));
    for (const [k, v] of Object.entries(tag.attributes)) {
      if (k === 'xmlns') scope.set('', String(v));
      else if (k.startsWith('xmlns:')) scope.set(k.slice(6), String(v));
    }
    scopes.push(scope);
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) if (!k.startsWith('xmlns')) attrs[mapName(k, scope, true)] = String(v);
    const node: XNode = { name: mapName(tag.name, scope, false), attrs, children: [], text: '' };
    const depth = stack.length;
    if (depth === 0) options.onRoot(node);
    if (entryDepth === -1 && depth > 0 && options.isEntry(node.name, depth)) entryDepth = depth;
    if (entryDepth !== -1 || depth <= 2) stack.at(-1)?.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    scopes.pop();
    const node = stack.pop()!;
    const depth = stack.length;
    if (depth === entryDepth) {
      entryDepth = -1;
      options.onEntry(node);
      const parent = stack.at(-1);
      if (parent) parent.children.pop();
    } else if (entryDepth === -1 && depth >= 1 && depth <= 2 && options.onHeader) {
      options.onHeader(node);
    }
  });
  parser.on('error', (error) => {
    failure ??= error;
  });

  try {
    for await (const chunk of chunks) {
      parser.write(chunk);
      if (failure) break;
    }
    if (!failure) parser.close();
  } catch (error) {
    failure ??= error as Error;
  }
  if (failure) {
    if (failure instanceof AppError) throw failure;
    throw new AppError(
      'unprocessable',
      `The file is not well-formed XML: ${failure.message.replace(/^[^:]*:(\d+):(\d+): /, 'line $1, column $2: ')}`,
    );
  }
}

/** The first child with this name. */
export const child = (node: XNode, name: string): XNode | undefined => node.children.find((c) => c.name === name);
export const children = (node: XNode, name: string): XNode[] => node.children.filter((c) => c.name === name);
export const textOf = (node: XNode, name: string): string => child(node, name)?.text.trim() ?? '';
