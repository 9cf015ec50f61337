/**
 * File uploads reach the mock as `multipart/form-data` (`POST /api/image-upload`). Both adapters read the form
 * the way fetch does (`Request.formData()`) and hand the core a `FormData`, since the core is synchronous.
 */

/** Whether a request's body is a `multipart/form-data` form. */
export function isMultipart(contentType: string | null | undefined): boolean {
  return /^multipart\/form-data\b/i.test(contentType ?? '');
}

/** The request's form, or undefined when it cannot be read as one (the core then answers 400). */
export async function readForm(request: Request): Promise<FormData | undefined> {
  try {
    return await request.formData();
  } catch {
    return undefined;
  }
}
