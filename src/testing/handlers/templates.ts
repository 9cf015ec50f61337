/**
 * Template endpoints Klaviyo gives behaviour beyond their shape: rendering a template with a context, and
 * cloning one. Templates and universal content themselves are generic.
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler, HandlerContext } from '../context.js';
import { invalidBody } from '../errors.js';
import { singleDocument } from '../serialize.js';
import type { StoredRecord } from '../state.js';
import { answer, insertRecord } from './records.js';

/** `{{ first_name }}`, `{{ person.city }}`, `{{ first_name|default:"there" }}`. */
const VARIABLE = /\{\{\s*([\w.]+)\s*((?:\|\s*\w+(?::\s*(?:"[^"]*"|'[^']*'|[\w.]+))?\s*)*)\}\}/g;
const DEFAULT_FILTER = /\|\s*default:\s*(?:"([^"]*)"|'([^']*)'|([\w.]+))/;

/**
 * Substitutes a template's variables from `context`, as Klaviyo's template language does: dotted names reach
 * into nested values, `|default:"…"` gives the text for a missing or empty value, and anything else missing
 * renders as nothing (https://developers.klaviyo.com/en/reference/render_template). Tags (`{% … %}`) are left
 * as they are.
 */
export function renderText(text: string, context: Record<string, unknown>): string {
  return text.replace(VARIABLE, (_whole, name: string, filters: string) => {
    let value: unknown = context;
    for (const key of name.split('.'))
      value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined || value === null || value === '') {
      const fallback = DEFAULT_FILTER.exec(filters);
      return fallback ? (fallback[1] ?? fallback[2] ?? fallback[3] ?? '') : '';
    }
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

/** The template a render or clone body names by `data.id`, or a 400 pointing at it. */
function templateOf(ctx: HandlerContext): StoredRecord {
  const id = ctx.body.data.id;
  const template = typeof id === 'string' ? ctx.state.get('template', id) : undefined;
  if (!template) throw invalidBody('/data/id', `A template with id ${String(id)} does not exist.`);
  return template;
}

/** The hand-written template handlers, by operation id. */
export const templateHandlers = {
  // The answer is the template with `html` and `text` rendered; the stored template does not change.
  render_template: (ctx) => {
    const template = templateOf(ctx);
    const context = (ctx.body.data.attributes?.context ?? {}) as Record<string, unknown>;
    const rendered: StoredRecord = structuredClone(template);
    for (const key of ['html', 'text', 'amp'])
      if (typeof rendered.attributes[key] === 'string')
        rendered.attributes[key] = renderText(rendered.attributes[key] as string, context);
    return { status: 201, wrote: false, body: singleDocument(ctx, rendered) };
  },

  // https://developers.klaviyo.com/en/reference/clone_template: a new template with the source's content.
  clone_template: (ctx) => {
    const source = templateOf(ctx);
    const name = ctx.body.data.attributes?.name ?? `Clone of ${String(source.attributes['name'])}`;
    const { created: _created, updated: _updated, ...content } = structuredClone(source.attributes);
    return answer(ctx, insertRecord(ctx, 'template', { attributes: { ...content, name } }));
  },
} satisfies Partial<Record<OperationId, Handler>>;
