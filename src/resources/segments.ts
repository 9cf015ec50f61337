/** Segments. */
import { Resource } from './resource.js';

/** `klaviyo.segments` */
export class Segments extends Resource {}
