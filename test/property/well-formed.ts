/** Whether `text` is well-formed UTF-16 (no lone surrogate): only such text can be written to a URL as it is. */
export function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
