/** Metrics. */
import { Resource } from './resource.js';

/** `klaviyo.metrics` */
export class Metrics extends Resource {}
