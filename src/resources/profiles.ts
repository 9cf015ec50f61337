/** Profiles. */
import { Resource } from './resource.js';

/** `klaviyo.profiles` */
export class Profiles extends Resource {}
