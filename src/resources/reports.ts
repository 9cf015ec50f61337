/** Reports. */
import { Resource } from './resource.js';

/** `klaviyo.reports` */
export class Reports extends Resource {}
