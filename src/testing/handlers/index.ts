/**
 * Every operation's handler, keyed by operation id: the hand-written one where Klaviyo does something its
 * path does not say, else the generic behaviour of the operation's method and path shape (list, get, create,
 * update, delete, follow or edit a relationship). An operation that has neither fails when the mock loads.
 */
import { operations, type OperationId } from '../../core/operations.generated.js';
import type { Handler } from '../context.js';
import { campaignHandlers } from './campaigns.js';
import { catalogHandlers } from './catalogs.js';
import { clientHandlers } from './client.js';
import { customObjectHandlers } from './custom-objects.js';
import { eventHandlers } from './events.js';
import { flowHandlers } from './flows.js';
import { formHandlers } from './forms.js';
import { genericHandler } from './generic.js';
import { imageHandlers } from './images.js';
import { jobHandlers } from './jobs.js';
import { listHandlers } from './lists.js';
import { metricHandlers } from './metrics.js';
import { profileHandlers } from './profiles.js';
import { reportHandlers } from './reports.js';
import { segmentHandlers } from './segments.js';
import { tagHandlers } from './tags.js';
import { templateHandlers } from './templates.js';

/** The hand-written handlers. */
export const specialHandlers: Partial<Record<OperationId, Handler>> = {
  ...campaignHandlers,
  ...catalogHandlers,
  ...clientHandlers,
  ...customObjectHandlers,
  ...eventHandlers,
  ...flowHandlers,
  ...formHandlers,
  ...imageHandlers,
  ...jobHandlers,
  ...listHandlers,
  ...metricHandlers,
  ...profileHandlers,
  ...reportHandlers,
  ...segmentHandlers,
  ...tagHandlers,
  ...templateHandlers,
};

/** The handler of every operation of the generated table. */
export const handlers = Object.fromEntries(
  (Object.keys(operations) as OperationId[]).map((id) => [id, specialHandlers[id] ?? genericHandler(id, operations[id])]),
) as Record<OperationId, Handler>;
