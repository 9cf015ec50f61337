/**
 * Custom objects (https://developers.klaviyo.com/en/reference/custom_objects_api_overview): "Data Source
 * Records → Data Source → Source Mapping → Schema → Custom Object Records". Creating an object type creates its
 * draft schema and the schema's source mapping; a schema can be changed only while it is a draft, and setting
 * it `active` publishes it as the type's current schema; records sent to a data source become object records
 * of every type whose current schema maps that source. Data sources, reads, relationship routes and the bulk
 * deletion of records are generic.
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler, HandlerContext } from '../context.js';
import { invalidBody } from '../errors.js';
import { RELATIONS } from '../relations.js';
import type { StoredRecord } from '../state.js';
import { find } from './generic.js';
import { answer, insertRecord, mergeRecord } from './records.js';

/** Stores a schema of `objectType` and its source mapping, from an `object-schema` resource's attributes. */
function storeSchema(
  ctx: HandlerContext,
  objectType: StoredRecord,
  given: Record<string, any> = {},
  pointer = '/data',
): StoredRecord {
  const { 'source-mapping': mapping, ...attributes } = given;
  const sourceMapping = insertRecord(ctx, 'source-mapping', { attributes: mapping?.data?.attributes ?? {} });
  return insertRecord(
    ctx,
    'object-schema',
    {
      attributes: {
        title: objectType.attributes['title'],
        description: objectType.attributes['description'],
        ...attributes,
        status: 'draft',
      },
      relationships: {
        'object-type': { data: { type: 'object-type', id: objectType.id } },
        'source-mapping': { data: { type: 'source-mapping', id: sourceMapping.id } },
      },
    },
    { pointer },
  );
}

/** Reads a JSONPath as source mappings write them: `$['id']`, `$.id`, `$.a.b`, `$['a']['b']`. */
export function readPath(record: unknown, path: string): unknown {
  const keys = [...path.matchAll(/\['([^']*)'\]|\["([^"]*)"\]|\.([^.[\]]+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  return keys.reduce<unknown>(
    (value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined),
    record,
  );
}

/**
 * Turns one record sent to a data source into object records: for each object type whose current schema's
 * source mapping reads this source, the record's id (`id_path`) names the object record
 * (`<object type id>:::<record id>`) and each property mapping gives one property, from the record
 * (`data_path`) or a constant.
 */
function ingest(ctx: HandlerContext, sourceId: string, record: Record<string, unknown>): void {
  for (const objectType of ctx.state.all('object-type')) {
    const schemaId = RELATIONS['object-type']!['current-schema']!.ids(ctx.state, objectType)[0];
    const schema = schemaId ? ctx.state.get('object-schema', schemaId) : undefined;
    const mappingId = schema?.rel['source-mapping']?.[0];
    const mapping = mappingId ? ctx.state.get('source-mapping', mappingId) : undefined;
    const properties = (mapping?.attributes['property_mappings'] ?? []) as Array<Record<string, any>>;
    const fromSource = properties.filter((p) => p['type'] === 'simple' && p['source']?.source_id === sourceId);
    if (!schema || fromSource.length === 0) continue;
    const key = readPath(record, fromSource[0]!['source'].id_path);
    if (key === undefined || key === null) continue;
    const names = new Map(
      ((schema.attributes['properties'] ?? []) as Array<{ id: number; name: string }>).map((p) => [p.id, p.name]),
    );
    const values: Record<string, unknown> = {};
    for (const p of properties) {
      const name = names.get(p['id']);
      if (!name) continue;
      if (p['type'] === 'constant') values[name] = p['value'];
      else if (p['source']?.source_id === sourceId) values[name] = readPath(record, p['source'].data_path);
    }
    const id = `${objectType.id}:::${String(key)}`;
    const existing = ctx.state.get('object-record', id);
    if (existing) existing.attributes['record_properties'] = values;
    else ctx.state.insert('object-record', { record_properties: values }, { id });
  }
}

/** The data source a record job names in `relationships.data-source`, or a 400 pointing at it. */
function dataSourceOf(ctx: HandlerContext): StoredRecord {
  const id = ctx.body.data.relationships?.['data-source']?.data?.id;
  const source = typeof id === 'string' ? ctx.state.get('data-source', id) : undefined;
  if (id === undefined) {
    throw invalidBody('/data/relationships/data-source', 'A record job needs its data source: relationships.data-source.');
  }
  if (!source)
    throw invalidBody('/data/relationships/data-source/data/id', `A data-source with id ${String(id)} does not exist.`);
  return source;
}

/**
 * Stores the records sent to a data source (each row with where it sits in the body) and ingests them; 204
 * without a body, as Klaviyo answers.
 */
function receiveRecords(ctx: HandlerContext, rows: Array<[row: { attributes?: { record?: unknown } }, pointer: string]>) {
  const source = dataSourceOf(ctx);
  for (const [row, pointer] of rows)
    if (!row?.attributes?.record || typeof row.attributes.record !== 'object')
      throw invalidBody(`${pointer}/attributes/record`, "Each data source record needs a 'record' object.");
  for (const [row] of rows) {
    const record = row.attributes!.record as Record<string, unknown>;
    ctx.state.insert('data-source-record', { record: structuredClone(record) }, { rel: { 'data-source': [source.id] } });
    ingest(ctx, source.id, record);
  }
  return { status: ctx.op.success[0]! };
}

/** The hand-written custom object handlers, by operation id. */
export const customObjectHandlers = {
  // "Creating one automatically generates a draft schema and an empty source mapping."
  create_object_type: (ctx) => {
    const { 'object-schema': schema, ...attributes } = ctx.body.data.attributes;
    const objectType = insertRecord(ctx, 'object-type', { attributes });
    storeSchema(ctx, objectType, schema?.data?.attributes, '/data/attributes/object-schema/data');
    return answer(ctx, objectType);
  },

  create_object_schema: (ctx) => {
    const objectType = ctx.state.get('object-type', String(ctx.body.data.relationships?.['object-type']?.data?.id));
    if (!objectType) {
      const given = ctx.body.data.relationships?.['object-type']?.data?.id;
      if (given === undefined) {
        throw invalidBody(
          '/data/relationships/object-type',
          'An object schema needs its object type: relationships.object-type.',
        );
      }
      throw invalidBody('/data/relationships/object-type/data/id', `An object-type with id ${String(given)} does not exist.`);
    }
    return answer(ctx, storeSchema(ctx, objectType, ctx.body.data.attributes));
  },

  // "You can only modify a schema while it's in draft"; `status: 'active'` publishes it.
  update_object_schema: (ctx) => {
    const schema = find(ctx, 'object-schema');
    if (schema.attributes['status'] !== 'draft')
      throw invalidBody('/data/id', `The schema is ${String(schema.attributes['status'])}: only a draft schema can change.`);
    mergeRecord(ctx, schema, ctx.body.data);
    if (ctx.body.data.attributes?.status === 'active') {
      schema.attributes['published_at'] = ctx.state.timestamp();
      const objectType = ctx.state.get('object-type', schema.rel['object-type']?.[0] ?? '');
      if (objectType) objectType.attributes['status'] = 'active';
    }
    return answer(ctx, schema);
  },

  delete_object_type: (ctx) => {
    const objectType = find(ctx, 'object-type');
    for (const id of RELATIONS['object-type']!['schema-versions']!.ids(ctx.state, objectType))
      ctx.state.remove('object-schema', id);
    for (const id of RELATIONS['object-type']!['object-records']!.ids(ctx.state, objectType))
      ctx.state.remove('object-record', id);
    ctx.state.remove('object-type', objectType.id);
    return { status: 204 };
  },

  create_data_source_record: (ctx) =>
    receiveRecords(ctx, [[ctx.body.data.attributes['data-source-record'].data, '/data/attributes/data-source-record/data']]),

  bulk_create_data_source_records: (ctx) =>
    receiveRecords(
      ctx,
      (ctx.body.data.attributes['data-source-records']?.data ?? []).map((row: any, i: number) => [
        row,
        `/data/attributes/data-source-records/data/${i}`,
      ]),
    ),
} satisfies Partial<Record<OperationId, Handler>>;
