/** Every operation's handler, keyed by operation id; the type check proves none of the 114 is missing. */
import type { OperationId } from '../../core/operations.generated.js';
import type { Handler } from '../context.js';
import { campaignHandlers } from './campaigns.js';
import { eventHandlers } from './events.js';
import { flowHandlers } from './flows.js';
import { jobHandlers } from './jobs.js';
import { listHandlers } from './lists.js';
import { metricHandlers } from './metrics.js';
import { profileHandlers } from './profiles.js';
import { reportHandlers } from './reports.js';
import { segmentHandlers } from './segments.js';

export const handlers: Record<OperationId, Handler> = {
  ...campaignHandlers,
  ...eventHandlers,
  ...flowHandlers,
  ...jobHandlers,
  ...listHandlers,
  ...metricHandlers,
  ...profileHandlers,
  ...reportHandlers,
  ...segmentHandlers,
};
