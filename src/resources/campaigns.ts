/** Campaigns. */
import { Resource } from './resource.js';

/** `klaviyo.campaigns` */
export class Campaigns extends Resource {}
