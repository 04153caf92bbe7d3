import { apiForm, formFields, html, submitButton, type FormThen, type SafeHtml } from '@airlock/web';

/**
 * The form every document the site accepts is given with: the file itself, its text pasted, or
 * its QR codes read from images or the camera — three ways into the one `text` field.
 */
export function documentUploadForm(options: {
  readonly id: string;
  readonly api: string;
  readonly then: FormThen;
  /** What the document is called ("Enablement token"). */
  readonly document: string;
  /** Which file it is, as a hint under the file control. */
  readonly fileHint: string;
  readonly submitLabel: string;
  readonly description?: SafeHtml;
}): SafeHtml {
  const f = formFields(options.id);
  return apiForm({
    id: options.id,
    api: options.api,
    then: options.then,
    ...(options.description ? { description: options.description } : {}),
    requireOneOf: { field: 'text', message: `Choose the ${options.document.toLowerCase()}’s file, paste its text or read its QR codes first.` },
    fields: html`${f.file({ name: 'text', label: options.document, accept: '.txt,.lic,.olf,text/plain', optional: true, hint: options.fileHint })}
${f.textarea({ name: 'text', label: 'Or paste its text', optional: true, rows: 5, document: true, hint: 'From the -----BEGIN line to the -----END line, whole.' })}
${f.qrReader({ into: f.idOf('text') })}`,
    buttons: submitButton(options.submitLabel),
  });
}
