/**
 * Writes src/testing/resources.generated.ts: the facts the mock needs about Klaviyo's resources, read from the
 * spec, so that a resource the spec adds is served without a hand-typed row.
 *
 * - every resource type: the URL segment it lives under, its attributes (JSON type, nullable, required, the
 *   spec's default) and its relationships (related type, to-one or to-many, whether resource objects show it
 *   or only a route or a request body names it, whether it has `links.self`);
 * - every operation: the resource type its request body holds and the one its answer holds (none: no body);
 * - where an operation's answer shows a type with fewer attributes or relationships than the type's full set.
 *
 * Run `npm run generate` to rewrite the file; test/testing/resource-table.test.ts fails
 * when it is stale. The shipped mock never reads the spec: it reads the generated file.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { readSpec } from './generate-operations.js';

const spec = readSpec();

/** The generated file. */
export const TABLE_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'testing', 'resources.generated.ts');

type Node = any;

const deref = (node: Node): Node => {
  while (node && typeof node === 'object' && typeof node.$ref === 'string')
    node = spec.components.schemas[node.$ref.replace('#/components/schemas/', '')];
  return node;
};

/** An object schema's properties and required names, with `allOf` parts merged. */
function shapeOf(node: Node): { properties: Record<string, Node>; required: string[]; nullable: boolean } {
  const n = deref(node);
  const out = { properties: {} as Record<string, Node>, required: [] as string[], nullable: n?.nullable === true };
  if (!n || typeof n !== 'object') return out;
  // A property named by two `allOf` parts (e.g. `attributes`) holds both parts' properties.
  const add = (properties: Record<string, Node>) => {
    for (const [name, value] of Object.entries(properties))
      out.properties[name] = name in out.properties ? { allOf: [out.properties[name], value] } : value;
  };
  for (const part of n.allOf ?? []) {
    const inner = shapeOf(part);
    add(inner.properties);
    out.required.push(...inner.required);
  }
  add(n.properties ?? {});
  out.required.push(...(n.required ?? []));
  return out;
}

/** A schema with its `allOf` parts folded into one (for leaves such as an attribute or an enum). */
function leaf(node: Node): Node {
  const n = deref(node);
  if (!n || typeof n !== 'object' || !Array.isArray(n.allOf)) return n;
  const { allOf, ...own } = n;
  return Object.assign({}, ...(allOf as Node[]).map(leaf), own);
}

/** The single `type` a resource object schema names, if it is one. */
function resourceType(node: Node): string | undefined {
  const type = leaf(shapeOf(node).properties['type']);
  return Array.isArray(type?.enum) && type.enum.length === 1 ? type.enum[0] : undefined;
}

/** The resource object schemas a `data` (or `included` item) schema may hold, and whether it is a list. */
function resourceObjects(node: Node): { objects: Node[]; many: boolean } {
  let n = deref(node);
  const many = n?.type === 'array';
  if (many) n = deref(n.items);
  const alternatives = [...(n?.oneOf ?? []), ...(n?.anyOf ?? [])];
  const objects = (alternatives.length ? alternatives : [n]).filter((o) => resourceType(o));
  return { objects, many };
}

/** How an attribute is typed: JSON type (`datetime` for date-time strings), enum, default, nullable. */
interface AttributeShape {
  type?: string;
  enum?: unknown[];
  default?: unknown;
  nullable: boolean;
  required: boolean;
}

function attributeShape(node: Node, required: boolean): AttributeShape {
  const n = leaf(node);
  const parts = [...(n?.oneOf ?? []), ...(n?.anyOf ?? []), ...(n?.allOf ?? [])].map(deref);
  const type =
    n?.type === 'string' && n.format === 'date-time'
      ? 'datetime'
      : (n?.type ?? (parts.length && parts.every((p) => p?.type === parts[0]?.type) ? parts[0]?.type : undefined));
  return {
    ...(type ? { type } : {}),
    ...(Array.isArray(n?.enum) ? { enum: n.enum } : {}),
    ...(n?.default !== undefined ? { default: n.default } : {}),
    nullable: n?.nullable === true,
    required,
  };
}

interface Relation {
  type: string;
  many: boolean;
  shown: boolean;
  relatedOnly: boolean;
}

interface Resource {
  path?: string;
  attributes: Map<string, AttributeShape>;
  relationships: Map<string, Relation>;
  linked: boolean;
  bare?: boolean;
}

interface View {
  attributes: string[];
  relationships: string[];
}

/** Everything the generated file holds. */
export interface ResourceTable {
  resources: Map<string, Resource>;
  requestTypes: Map<string, string>;
  answerTypes: Map<string, string>;
  /** Operation → role (`data`, `included`) → type → what it shows. */
  views: Map<string, Map<'data' | 'included', Map<string, View>>>;
}

/** Reads the table from the spec. */
export function deriveResourceTable(): ResourceTable {
  const resources = new Map<string, Resource>();
  const resource = (type: string): Resource => {
    let r = resources.get(type);
    if (!r) resources.set(type, (r = { attributes: new Map(), relationships: new Map(), linked: false }));
    return r;
  };
  const relate = (owner: string, name: string, rel: Omit<Relation, 'relatedOnly'> & { relatedOnly?: boolean }) => {
    const known = resource(owner).relationships.get(name);
    resource(owner).relationships.set(name, {
      type: known?.type ?? rel.type,
      many: known?.many ?? rel.many,
      shown: (known?.shown ?? false) || rel.shown,
      relatedOnly: known ? known.relatedOnly : (rel.relatedOnly ?? false),
    });
  };
  const requestTypes = new Map<string, string>();
  const answerTypes = new Map<string, string>();
  const views: ResourceTable['views'] = new Map();

  /** Records a resource object shown in an answer: its attributes, relationships and links. */
  const shown = (object: Node, op: string, role: 'data' | 'included') => {
    const type = resourceType(object)!;
    const shape = shapeOf(object);
    const r = resource(type);
    if (shape.properties['links']) r.linked = true;
    if (!shape.properties['attributes'] && !shape.properties['relationships']) {
      // `{ type, id, links }`: a type with nothing but its id (a webhook topic). A relationship route's
      // pointers (`{ type, id }`, without links) say nothing about what the type shows.
      if (shape.properties['links']) r.bare ??= true;
      return;
    }
    r.bare = false;
    const attributes = shapeOf(shape.properties['attributes']);
    const seen = new Map<string, AttributeShape>();
    for (const [name, node] of Object.entries(attributes.properties))
      seen.set(name, attributeShape(node, attributes.required.includes(name)));
    for (const [name, a] of seen) {
      const known = r.attributes.get(name);
      r.attributes.set(
        name,
        known ? { ...known, nullable: known.nullable && a.nullable, required: known.required || a.required } : a,
      );
    }
    const relationships = shapeOf(shape.properties['relationships']).properties;
    for (const [name, node] of Object.entries(relationships)) {
      const rel = shapeOf(node);
      const target = resourceObjects(rel.properties['data']);
      const relType = resourceType(
        deref(rel.properties['data'])?.type === 'array' ? deref(rel.properties['data']).items : rel.properties['data'],
      );
      const links = Object.keys(shapeOf(rel.properties['links']).properties);
      if (relType)
        relate(type, name, {
          type: relType,
          many: target.many,
          shown: true,
          relatedOnly: links.length === 1 && links[0] === 'related',
        });
    }
    const byRole = views.get(op) ?? new Map();
    views.set(op, byRole);
    const byType = byRole.get(role) ?? new Map<string, View>();
    byRole.set(role, byType);
    const view = byType.get(type) ?? { attributes: [], relationships: [] };
    view.attributes = [...new Set([...view.attributes, ...seen.keys()])];
    view.relationships = [...new Set([...view.relationships, ...Object.keys(relationships)])];
    byType.set(type, view);
  };

  /** Relationships a request body's resource objects name (anywhere in the body, e.g. a bulk job's rows). */
  const requested = (node: Node, seen = new Set<Node>()) => {
    const n = deref(node);
    if (!n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    const type = resourceType(n);
    const shape = shapeOf(n);
    if (type && shape.properties['relationships']) {
      for (const [name, rel] of Object.entries(shapeOf(shape.properties['relationships']).properties)) {
        const data = deref(shapeOf(rel).properties['data']);
        const relType = resourceType(data?.type === 'array' ? data.items : data);
        if (relType) relate(type, name, { type: relType, many: data?.type === 'array', shown: false });
      }
    }
    for (const value of Object.values(shape.properties)) requested(value, seen);
    for (const part of [...(n.oneOf ?? []), ...(n.anyOf ?? [])]) requested(part, seen);
    if (n.items) requested(n.items, seen);
  };

  const routes: Array<{ path: string; method: string; op: string; answer?: { type: string; many: boolean } }> = [];
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!op?.operationId) continue;
      const id: string = op.operationId;
      const ok = Object.keys(op.responses).find((status) => status.startsWith('2'))!;
      const answer = deref(op.responses[ok]?.content?.['application/vnd.api+json']?.schema);
      let answerType: { type: string; many: boolean } | undefined;
      if (answer) {
        const top = shapeOf(answer);
        const data = resourceObjects(top.properties['data']);
        for (const object of data.objects) shown(object, id, 'data');
        if (data.objects[0]) answerType = { type: resourceType(data.objects[0])!, many: data.many };
        if (answerType) answerTypes.set(id, answerType.type);
        const included = top.properties['included'];
        if (included) for (const object of resourceObjects(included).objects) shown(object, id, 'included');
      }
      const body = op.requestBody?.content?.['application/vnd.api+json']?.schema;
      if (body) {
        const data = deref(shapeOf(body).properties['data']);
        const type = resourceType(data?.type === 'array' ? data.items : data);
        if (type) requestTypes.set(id, type);
        requested(body);
      }
      routes.push({ path, method: method.toUpperCase(), op: id, ...(answerType ? { answer: answerType } : {}) });
    }
  }

  // Where each type lives: the segment of its own GET routes (`/api/<segment>`, `/api/<segment>/{id}`).
  const OWN = /^\/(?:api|client)\/([^/{}]+)(\/\{\w+\})?$/;
  for (const route of routes) {
    const m = OWN.exec(route.path);
    if (!m || route.method !== 'GET' || !route.answer || route.answer.many === Boolean(m[2])) continue;
    resource(route.answer.type).path ??= m[1]!;
  }
  // Relationships that have routes (`/{id}/<name>`, `/{id}/relationships/<name>`) though no resource object shows them.
  const typeBySegment = new Map([...resources].filter(([, r]) => r.path).map(([type, r]) => [r.path!, type]));
  const RELATED = /^\/(?:api|client)\/([^/{}]+)\/\{\w+\}\/(?:relationships\/)?([^/{}]+)$/;
  for (const route of routes) {
    const m = RELATED.exec(route.path);
    const owner = m ? typeBySegment.get(m[1]!) : undefined;
    if (!m || !owner) continue;
    const target = route.answer ?? (requestTypes.has(route.op) ? { type: requestTypes.get(route.op)!, many: true } : undefined);
    if (target) relate(owner, m[2]!, { type: target.type, many: target.many, shown: false });
  }
  return { resources, requestTypes, answerTypes, views };
}

const sorted = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const json = (value: unknown) => JSON.stringify(value);

/** The generated file's text (formatted with the project's prettier settings). */
export async function renderResourceTable(table = deriveResourceTable()): Promise<string> {
  const lines: string[] = [];
  lines.push(
    "// GENERATED by scripts/generate-mock-resources.ts from Klaviyo's OpenAPI spec (revision 2026-07-15).",
    '// Do not edit by hand: run `npm run generate`. test/testing/resource-table.test.ts fails when this file is stale.',
    '',
    '/** How the spec types one attribute in answers. */',
    'export interface AttributeShape {',
    '  /** JSON type; `datetime` for a date-time string; absent when the spec allows several. */',
    "  readonly type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'datetime';",
    '  readonly enum?: readonly unknown[];',
    '  /** The default the spec documents. */',
    '  readonly default?: unknown;',
    '  /** Every answer that shows the attribute allows null. */',
    '  readonly nullable?: true;',
    '  /** Some answer requires the attribute. */',
    '  readonly required?: true;',
    '}',
    '',
    '/** One relationship of a resource type. */',
    'export interface RelationshipShape {',
    '  /** The related resource type. */',
    '  readonly type: string;',
    '  /** To-many (a list of pointers) or to-one. */',
    '  readonly many: boolean;',
    '  /** False when no resource object shows it: only a route (`/{id}/<name>`) or a request body names it. */',
    '  readonly shown?: false;',
    '  /** Its `links` hold `related` only (no relationship route). */',
    '  readonly relatedOnly?: true;',
    '}',
    '',
    '/** One resource type. */',
    'export interface ResourceShape {',
    '  /** The URL segment of its own routes (`/api/<path>`, `/api/<path>/{id}`), when it has any. */',
    '  readonly path?: string;',
    '  /** False for a type answered without `links.self`. */',
    '  readonly linked?: false;',
    '  /** True for a type answered with nothing but its `type`, `id` and `links` (no `attributes`). */',
    '  readonly bare?: true;',
    '  readonly attributes: { readonly [name: string]: AttributeShape };',
    '  readonly relationships: { readonly [name: string]: RelationshipShape };',
    '}',
    '',
    '/** Every resource type an answer or a request body of the spec holds, by JSON:API type. */',
    'export const RESOURCES: { readonly [type: string]: ResourceShape } = {',
  );
  for (const [type, r] of sorted(table.resources)) {
    const attributes = sorted(r.attributes).map(([name, a]) => {
      const shape = {
        ...(a.type ? { type: a.type } : {}),
        ...(a.enum ? { enum: a.enum } : {}),
        ...(a.default !== undefined ? { default: a.default } : {}),
        ...(a.nullable ? { nullable: true } : {}),
        ...(a.required ? { required: true } : {}),
      };
      return `${json(name)}: ${json(shape)}`;
    });
    const relationships = sorted(r.relationships).map(([name, rel]) => {
      const shape = {
        type: rel.type,
        many: rel.many,
        ...(rel.shown ? {} : { shown: false }),
        ...(rel.relatedOnly ? { relatedOnly: true } : {}),
      };
      return `${json(name)}: ${json(shape)}`;
    });
    const head = [r.path ? `path: ${json(r.path)}` : '', r.linked ? '' : 'linked: false', r.bare ? 'bare: true' : ''].filter(
      Boolean,
    );
    lines.push(
      `  ${json(type)}: { ${[...head, `attributes: { ${attributes.join(', ')} }`, `relationships: { ${relationships.join(', ')} }`].join(', ')} },`,
    );
  }
  lines.push('};', '');

  lines.push(
    '/** The JSON:API type of the `data` each operation takes in its body (of each pointer, for a relationship edit). */',
    'export const REQUEST_TYPES: { readonly [operationId: string]: string } = {',
    ...sorted(table.requestTypes).map(([op, type]) => `  ${op}: ${json(type)},`),
    '};',
    '',
    '/** The JSON:API type of the `data` each operation answers with; an operation missing here answers without a body. */',
    'export const ANSWER_TYPES: { readonly [operationId: string]: string } = {',
    ...sorted(table.answerTypes).map(([op, type]) => `  ${op}: ${json(type)},`),
    '};',
    '',
    "/** What an operation leaves out of a type it shows, against the type's full set in `RESOURCES`. */",
    'export interface Omitted {',
    '  readonly attributes?: readonly string[];',
    '  readonly relationships?: readonly string[];',
    '}',
    '',
    '/**',
    ' * The operations whose answers show a type with fewer attributes or relationships than `RESOURCES` lists for it,',
    ' * by operation, then `data` or `included`, then type.',
    ' */',
    'export const OMITTED: {',
    '  readonly [operationId: string]: { readonly data?: { readonly [type: string]: Omitted }; readonly included?: { readonly [type: string]: Omitted } };',
    '} = {',
  );
  for (const [op, byRole] of sorted(table.views)) {
    const roles: string[] = [];
    for (const role of ['data', 'included'] as const) {
      const types: string[] = [];
      for (const [type, view] of sorted(byRole.get(role) ?? new Map<string, View>())) {
        const r = table.resources.get(type)!;
        const attributes = [...r.attributes.keys()].filter((a) => !view.attributes.includes(a)).sort();
        const relationships = [...r.relationships]
          .filter(([name, rel]) => rel.shown && !view.relationships.includes(name))
          .map(([name]) => name)
          .sort();
        if (attributes.length === 0 && relationships.length === 0) continue;
        const parts = [
          attributes.length ? `attributes: ${json(attributes)}` : '',
          relationships.length ? `relationships: ${json(relationships)}` : '',
        ].filter(Boolean);
        types.push(`${json(type)}: { ${parts.join(', ')} }`);
      }
      if (types.length) roles.push(`${role}: { ${types.join(', ')} }`);
    }
    if (roles.length) lines.push(`  ${op}: { ${roles.join(', ')} },`);
  }
  lines.push('};', '');
  const options = (await prettier.resolveConfig(TABLE_FILE)) ?? {};
  return prettier.format(lines.join('\n'), { ...options, filepath: TABLE_FILE });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(TABLE_FILE, await renderResourceTable());
  console.log(`wrote ${TABLE_FILE}`);
}
