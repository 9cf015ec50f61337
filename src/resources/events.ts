/** Events. */
import { Resource } from './resource.js';

/** `klaviyo.events` */
export class Events extends Resource {}
