/**
 * Email templates: created, cloned and rendered with the values of their template tags
 * (https://developers.klaviyo.com/en/reference/templates_api_overview).
 */
import { APIPromise } from '../core/api-promise.js';
import { ValidationError } from '../core/errors.js';
import { checkString, describeValue, isPlainObject } from '../core/known-keys.js';
import type { RequestOptions } from '../core/transport.js';
import { Resource, type ResponseOf } from './resource.js';

/**
 * The values of a template's tags, as a JSON object: `{ first_name: 'Jane', order: { total: 42 } }` fills
 * `{{ first_name }}` and `{{ order.total }}`. A tag without a value renders as nothing.
 */
export type TemplateRenderContext = Record<string, unknown>;

/**
 * `render`'s answer: the template document Klaviyo returned (`data.attributes` has `name`, `editor_type`,
 * `html`, `text`, `amp`), with the rendered versions at the top.
 */
export type TemplateRenderResult = ResponseOf<'render_template'> & {
  /** The rendered HTML. */
  html: string;
  /** The rendered plain text, `null` when the template has none. */
  text: string | null;
  /** The rendered AMP version, `null` unless the account has AMP email enabled and the template has one. */
  amp: string | null;
};

/** The hand-written methods of `klaviyo.templates` (src/resources/generated/templates.ts adds the rest). */
export abstract class TemplatesHelpers extends Resource {
  /**
   * Renders template `id` with `context`, the values of its tags (nested values by dot notation, as in
   * Django templates). Resolves to the rendered `html`, `text` and `amp`, beside the template document
   * Klaviyo answered. Nothing is stored, so it is safe to repeat. `.withResponse()` works as on every call.
   * `render_template` · POST /api/template-render · tier S (3/s, 60/m) · scopes templates:read.
   * @throws {ValidationError} (as the rejection) when `id` is not a non-empty string or `context` is not a plain object; nothing is sent.
   * @see https://developers.klaviyo.com/en/reference/render_template
   */
  render(id: string, context: TemplateRenderContext, options?: RequestOptions): APIPromise<TemplateRenderResult> {
    const body = () => {
      checkString(id, 'templates.render', 'id');
      if (!isPlainObject(context)) {
        throw new ValidationError('Invalid templates.render', {
          issues: [{ path: 'context', message: `must be a JSON object of tag values, got ${describeValue(context)}` }],
        });
      }
      return { data: { type: 'template' as const, id, attributes: { context } } };
    };
    const sent = this.call('render_template', { body }, options).withResponse();
    return new APIPromise(
      sent.then((r) => {
        const { html, text, amp } = r.data.data.attributes;
        return { ...r, data: { ...r.data, html, text: text ?? null, amp: amp ?? null } };
      }),
    );
  }
}
