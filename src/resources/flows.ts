/** Flows. */
import { Resource } from './resource.js';

/** `klaviyo.flows` */
export class Flows extends Resource {}
