// @ts-check
/* global document */
/**
 * Shows a refusal (RFC 9457 problem+json, as Airlock's APIs answer) so a person can act on it:
 * the message (`detail`, the sentence docs/errors.md gives the code), the code itself and the
 * request id to quote, then the facts in `errors` as a list — per license type its numbers and
 * users, so the admin knows exactly what to change. Text only ever goes in as text nodes.
 */

import { describeValue, labelOf } from './forms.js';

/**
 * @typedef {{ title?: string, status?: number, code?: string, detail?: string, requestId?: string, errors?: Record<string, unknown> }} Problem
 */

/**
 * One fact of `errors` as a list item: a list of objects becomes a nested list, one line per
 * object, led by its `type` when it has one ("bot-runner: used 3, limit 2, users ada, bo, cy").
 *
 * @param {string} key
 * @param {unknown} value
 * @returns {HTMLLIElement}
 */
function factItem(key, value) {
  const item = document.createElement('li');
  const isObjectList = Array.isArray(value) && value.length > 0 && value.every((entry) => typeof entry === 'object' && entry !== null && !Array.isArray(entry));
  if (!isObjectList) {
    item.textContent = `${labelOf(key)}: ${describeValue(value)}`;
    return item;
  }
  item.textContent = `${labelOf(key)}:`;
  const list = document.createElement('ul');
  for (const entry of /** @type {Record<string, unknown>[]} */ (value)) {
    const line = document.createElement('li');
    const { type, ...rest } = entry;
    const facts = describeValue(rest);
    line.textContent = typeof type === 'string' ? `${type}: ${facts}` : facts;
    list.append(line);
  }
  item.append(list);
  return item;
}

/**
 * Fills an alert region with a problem.
 *
 * @example
 * ```js
 * renderProblem(form.querySelector('[role=alert]'), await response.json());
 * ```
 * @param {HTMLElement} region an element with role="alert"
 * @param {Problem} problem
 */
export function renderProblem(region, problem) {
  const title = document.createElement('p');
  title.className = 'problem-title';
  title.textContent = problem.detail ?? problem.title ?? 'The request was refused.';
  const reference = document.createElement('p');
  const code = document.createElement('span');
  code.className = 'problem-code';
  code.textContent = problem.code ?? String(problem.status ?? '');
  reference.append('Code ', code);
  if (problem.requestId) reference.append(` · request ${problem.requestId}`);
  /** @type {Node[]} */
  const parts = [title, reference];
  const facts = Object.entries(problem.errors ?? {});
  if (facts.length > 0) {
    const list = document.createElement('ul');
    list.className = 'problem-facts';
    for (const [key, value] of facts) list.append(factItem(key, value));
    parts.push(list);
  }
  region.replaceChildren(...parts);
}

/**
 * A problem from an answer that is not problem+json (a proxy's error page, a lost connection).
 *
 * @param {number} status
 * @param {string} statusText
 * @returns {Problem}
 */
export function problemOfStatus(status, statusText) {
  return { status, code: `HTTP ${status}`, detail: `The server answered ${status} ${statusText}`.trim() + '.' };
}
