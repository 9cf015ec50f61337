/**
 * Segments: groups of profiles defined by conditions, kept up to date by Klaviyo
 * (https://developers.klaviyo.com/en/reference/segments_api_overview). Segment reports are on `klaviyo.reports`.
 */
import type { APIPromise } from '../core/api-promise.js';
import type { QueryOptions } from '../core/query.js';
import type { RequestOptions } from '../core/transport.js';
import { type RequestBodyOf, Resource, type PageOf, type ResponseOf } from './resource.js';

/** Attributes of a new segment: `{ name, definition: { condition_groups: [...] }, is_starred? }`. */
export type SegmentCreateAttributes = RequestBodyOf<'create_segment'>['data']['attributes'];
/** Attributes to change on a segment (`name`, `definition`, `is_starred`). */
export type SegmentUpdateAttributes = RequestBodyOf<'update_segment'>['data']['attributes'];
/** A segment's conditions: groups joined by AND, the conditions inside a group by OR. */
export type SegmentDefinition = SegmentCreateAttributes['definition'];

/** `klaviyo.segments` */
export class Segments extends Resource {
  /** Every segment. `get_segments` · GET /api/segments · tier L · scopes segments:read. 10 per page. */
  list(query?: QueryOptions<'get_segments'>, options?: RequestOptions): PageOf<'get_segments'> {
    return this.paginate('get_segments', { query }, options);
  }

  /** One segment. `get_segment` · GET /api/segments/{id} · tier L · scopes segments:read. */
  get(id: string, query?: QueryOptions<'get_segment'>, options?: RequestOptions): APIPromise<ResponseOf<'get_segment'>> {
    return this.call('get_segment', { path: { id }, query }, options);
  }

  /** Creates a segment. `create_segment` · POST /api/segments · tier XS (1/s, 15/m, 100 a day) · scopes segments:write. Not re-sent after a 5xx. */
  create(attributes: SegmentCreateAttributes, options?: RequestOptions): APIPromise<ResponseOf<'create_segment'>> {
    return this.call('create_segment', { body: { data: { type: 'segment', attributes } } }, options);
  }

  /** Renames, redefines or stars a segment. `update_segment` · PATCH /api/segments/{id} · tier XS (1/s, 15/m, 100 a day) · scopes segments:write. */
  update(id: string, attributes: SegmentUpdateAttributes, options?: RequestOptions): APIPromise<ResponseOf<'update_segment'>> {
    return this.call('update_segment', { path: { id }, body: { data: { type: 'segment', id, attributes } } }, options);
  }

  /** Deletes a segment. `delete_segment` · DELETE /api/segments/{id} · tier S · scopes segments:write. */
  delete(id: string, options?: RequestOptions): APIPromise<undefined> {
    return this.call('delete_segment', { path: { id } }, options);
  }

  /** The segment's members. `get_profiles_for_segment` · GET /api/segments/{id}/profiles · tier L · scopes profiles:read, segments:read. 20 per page (1–100). */
  profiles(
    id: string,
    query?: QueryOptions<'get_profiles_for_segment'>,
    options?: RequestOptions,
  ): PageOf<'get_profiles_for_segment'> {
    return this.paginate('get_profiles_for_segment', { path: { id }, query }, options);
  }

  /** Ids of the segment's members. `get_profile_ids_for_segment` · GET /api/segments/{id}/relationships/profiles · tier L · scopes profiles:read, segments:read. */
  profileIds(
    id: string,
    query?: QueryOptions<'get_profile_ids_for_segment'>,
    options?: RequestOptions,
  ): PageOf<'get_profile_ids_for_segment'> {
    return this.paginate('get_profile_ids_for_segment', { path: { id }, query }, options);
  }

  /** Flows this segment triggers. `get_flows_triggered_by_segment` · GET /api/segments/{id}/flow-triggers · tier S · scopes flows:read, segments:read. */
  flowTriggers(
    id: string,
    query?: QueryOptions<'get_flows_triggered_by_segment'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_flows_triggered_by_segment'>> {
    return this.call('get_flows_triggered_by_segment', { path: { id }, query }, options);
  }

  /** Ids of the flows this segment triggers. `get_ids_for_flows_triggered_by_segment` · GET /api/segments/{id}/relationships/flow-triggers · tier S · scopes flows:read, segments:read. */
  flowTriggerIds(id: string, options?: RequestOptions): APIPromise<ResponseOf<'get_ids_for_flows_triggered_by_segment'>> {
    return this.call('get_ids_for_flows_triggered_by_segment', { path: { id } }, options);
  }

  /** The segment's tags. `get_tags_for_segment` · GET /api/segments/{id}/tags · tier S · scopes segments:read, tags:read. */
  tags(
    id: string,
    query?: QueryOptions<'get_tags_for_segment'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'get_tags_for_segment'>> {
    return this.call('get_tags_for_segment', { path: { id }, query }, options);
  }

  /** Ids of the segment's tags. `get_tag_ids_for_segment` · GET /api/segments/{id}/relationships/tags · tier S · scopes segments:read, tags:read. */
  tagIds(id: string, options?: RequestOptions): APIPromise<ResponseOf<'get_tag_ids_for_segment'>> {
    return this.call('get_tag_ids_for_segment', { path: { id } }, options);
  }
}
