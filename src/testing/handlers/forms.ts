/**
 * Form endpoints Klaviyo gives behaviour beyond their shape: a new form gets one form version per version of
 * its definition, and deleting a form deletes its versions. Reads and relationship routes are generic.
 */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler } from '../context.js';
import { RELATIONS } from '../relations.js';
import { answer, insertRecord } from './records.js';
import { find } from './generic.js';

const FORM_TYPES = ['banner', 'embed', 'flyout', 'full_page', 'popup'];

/** The hand-written form handlers, by operation id. */
export const formHandlers = {
  // https://developers.klaviyo.com/en/reference/create_form: `definition.versions` are the form's versions.
  create_form: (ctx) => {
    const form = insertRecord(ctx, 'form', ctx.body.data);
    const versions: Array<Record<string, unknown>> = ctx.body.data.attributes.definition?.versions ?? [];
    versions.forEach((version, i) => {
      const type = version['type'];
      insertRecord(ctx, 'form-version', {
        attributes: {
          form_type: typeof type === 'string' && FORM_TYPES.includes(type) ? type : 'popup',
          variation_name: version['name'] ?? `Version ${i + 1}`,
          status: version['status'] ?? form.attributes['status'],
        },
        relationships: { form: { data: { type: 'form', id: form.id } } },
      });
    });
    return answer(ctx, form);
  },

  delete_form: (ctx) => {
    const form = find(ctx, 'form');
    for (const id of RELATIONS['form']!['form-versions']!.ids(ctx.state, form)) ctx.state.remove('form-version', id);
    ctx.state.remove('form', form.id);
    return { status: 204 };
  },
} satisfies Partial<Record<OperationId, Handler>>;
