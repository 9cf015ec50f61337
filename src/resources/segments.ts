/**
 * Segments: groups of profiles defined by conditions, kept up to date by Klaviyo
 * (https://developers.klaviyo.com/en/reference/segments_api_overview). Segment reports are on `klaviyo.reports`.
 */
import type { RequestBodyOf } from './resource.js';

/** Attributes of a new segment: `{ name, definition: { condition_groups: [...] }, is_starred? }`. */
export type SegmentCreateAttributes = RequestBodyOf<'create_segment'>['data']['attributes'];
/** Attributes to change on a segment (`name`, `definition`, `is_starred`). */
export type SegmentUpdateAttributes = RequestBodyOf<'update_segment'>['data']['attributes'];
/** A segment's conditions: groups joined by AND, the conditions inside a group by OR. */
export type SegmentDefinition = SegmentCreateAttributes['definition'];
