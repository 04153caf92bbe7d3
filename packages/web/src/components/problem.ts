import { describeValue, labelOf } from '../../assets/forms.js';
import type { ProblemBody } from '../api-reader.ts';
import { html, type SafeHtml } from '../html.ts';

/**
 * A refusal shown on a page rendered by the server, as the client script shows one next to a
 * form: the message, the code and the request id, then the facts, one line per license type
 * when the facts are a list of them.
 *
 * @example
 * ```ts
 * problemNotice({ status: 404, code: 'NOT_FOUND', detail: 'Nothing is known by that id.' });
 * ```
 */
export function problemNotice(problem: ProblemBody): SafeHtml {
  const facts = Object.entries(problem.errors ?? {}).map(([key, value]) => {
    const objects = Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === 'object' && entry !== null && !Array.isArray(entry));
    if (!objects) return html`<li>${labelOf(key)}: ${describeValue(value)}</li>`;
    return html`<li>${labelOf(key)}:<ul>${(value as Record<string, unknown>[]).map(({ type, ...rest }) => html`<li>${typeof type === 'string' ? `${type}: ` : ''}${describeValue(rest)}</li>`)}</ul></li>`;
  });
  return html`<div class="form-alert" role="alert"><p class="problem-title">${problem.detail}</p><p>Code <span class="problem-code">${problem.code}</span>${problem.requestId ? ` · request ${problem.requestId}` : ''}</p>${facts.length > 0 ? html`<ul class="problem-facts">${facts}</ul>` : ''}</div>`;
}
