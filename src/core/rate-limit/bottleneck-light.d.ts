/**
 * `bottleneck/light.js` is bottleneck's own build without its Redis clustering (which we never use: the
 * shared store is `./redis.ts`), about half the size. It ships no declarations of its own; its API is the
 * full build's, so it takes the full build's types.
 */
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
