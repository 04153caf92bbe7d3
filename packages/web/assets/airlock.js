// @ts-check
/* global document, window, fetch, sessionStorage, Blob, URL, setInterval, setTimeout, clearTimeout, HTMLFormElement, HTMLInputElement, HTMLSelectElement, HTMLTextAreaElement, HTMLButtonElement, HTMLElement, FileReader */
/**
 * Airlock's client script, the only script its pages run (served from the app's origin; the
 * Content-Security-Policy allows nothing inline). Pages are rendered on the server; this
 * script only:
 * - sends `form[data-api]` to the API as JSON, with the CSRF header cookie sessions need,
 *   reading chosen files as text, and shows a refusal in the form's alert region;
 * - offers documents from the API as text files (`[data-download-api]`, or a form's answer);
 * - signs out (`[data-sign-out]`);
 * - keeps countdowns (`time[data-countdown]`) current, counting from the server's time;
 * - warns while a quantity is below what is in use (`input[data-used]`);
 * - suggests and checks the item a field names in a long list (`input[data-lookup]`);
 * - reads QR codes of a document from images or the camera (qr-reader.js).
 */
import { describeCountdown } from './countdown.js';
import { closeGaps, convertValue, fillTemplate, getPath, safeFileName, setPath } from './forms.js';
import { problemOfStatus, renderProblem } from './problems.js';
import { initQrReaders } from './qr-reader.js';

/** The header the API requires on every change made with a session cookie. */
export const CSRF_HEADERS = Object.freeze({ 'x-airlock-csrf': '1' });
const FLASH_KEY = 'airlock-flash';

/**
 * The controls of a form. Read through the prototype's getter: a control named `elements`
 * would otherwise stand in for the form's own property (a form's named controls shadow its
 * properties, as `<input name="id">` shadows `form.id`).
 *
 * @param {HTMLFormElement} form
 * @returns {Element[]}
 */
function controlsOf(form) {
  const getter = Object.getOwnPropertyDescriptor(HTMLFormElement.prototype, 'elements')?.get;
  return Array.from(/** @type {HTMLFormControlsCollection} */ (getter ? getter.call(form) : form.elements));
}

/**
 * The `data-*` attributes of a form, read through the prototype's getter for the same reason.
 *
 * @param {HTMLFormElement} form
 * @returns {DOMStringMap}
 */
function dataOf(form) {
  const getter = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'dataset')?.get;
  return /** @type {DOMStringMap} */ (getter ? getter.call(form) : form.dataset);
}

/**
 * The JSON body of a form: each named control at its path; files read as text; the button
 * that sent it adds its own name and value. A row of a list (`data-form-row`) whose controls
 * are all empty is left out, and the list closes up around it.
 *
 * @param {HTMLFormElement} form
 * @param {HTMLElement | null} submitter
 * @returns {Promise<Record<string, unknown>>}
 */
export async function formBody(form, submitter) {
  /** @type {Record<string, unknown>} */
  const body = {};
  const emptyRows = Array.from(form.querySelectorAll('[data-form-row]')).filter((row) =>
    Array.from(row.querySelectorAll('input, select, textarea')).every((control) =>
      control instanceof HTMLInputElement && control.type === 'checkbox' ? !control.checked : /** @type {HTMLInputElement} */ (control).value.trim() === '',
    ),
  );
  for (const element of controlsOf(form)) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement)) continue;
    if (!element.name || element.disabled) continue;
    if (emptyRows.some((row) => row.contains(element))) continue;
    if (element instanceof HTMLInputElement) {
      if (['submit', 'button', 'reset', 'image'].includes(element.type)) continue;
      if (element.type === 'file') {
        const file = element.files?.[0];
        if (file && element.dataset.readAs === 'text') setPath(body, element.name, await file.text());
        if (file && element.dataset.readAs === 'data-uri') setPath(body, element.name, await dataUriOf(file));
        continue;
      }
      if (element.type === 'checkbox') {
        setPath(body, element.name, element.checked);
        continue;
      }
      if (element.type === 'radio' && !element.checked) continue;
    }
    const raw = element.value;
    // An empty optional control says nothing, and never hides a file read into the same field.
    if (raw === '' && ('optional' in element.dataset || getPath(body, element.name) !== undefined)) continue;
    setPath(body, element.name, convertValue(raw, element.dataset.valueType));
  }
  if (submitter instanceof HTMLButtonElement && submitter.name) setPath(body, submitter.name, submitter.value);
  return /** @type {Record<string, unknown>} */ (closeGaps(body));
}

/**
 * A file's bytes as a `data:` URI (`data:image/png;base64,…`), as the browser reads it.
 *
 * @param {File} file
 * @returns {Promise<string>}
 */
function dataUriOf(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

/**
 * The answer's JSON (or null when it has none).
 *
 * @param {Response} response
 * @returns {Promise<any>}
 */
async function readAnswer(response) {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Calls the API as the signed-in person.
 *
 * @param {string} url
 * @param {string} method
 * @param {unknown} [body]
 * @returns {Promise<{ ok: true, answer: any } | { ok: false, problem: import('./problems.js').Problem }>}
 */
export async function callApi(url, method, body) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json, application/problem+json' };
  if (method !== 'GET' && method !== 'HEAD') Object.assign(headers, CSRF_HEADERS);
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch (error) {
    return {
      ok: false,
      problem: {
        code: 'NETWORK',
        detail: `The server could not be reached (${error instanceof Error ? error.message : String(error)}). Nothing was changed by this attempt; try again.`,
      },
    };
  }
  const answer = await readAnswer(response);
  if (response.ok) return { ok: true, answer };
  return { ok: false, problem: answer && typeof answer === 'object' && 'code' in answer ? answer : problemOfStatus(response.status, response.statusText) };
}

/**
 * Offers a text as a file: clicks a download link at once, and leaves it in the status region
 * to download again.
 *
 * @param {unknown} content a string, or a value written as JSON
 * @param {string} fileName
 * @param {HTMLElement | null} status
 * @param {string} message
 */
export function offerDownload(content, fileName, status, message) {
  const text = typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`;
  const name = safeFileName(fileName);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  link.download = name;
  link.textContent = `Save ${name} again`;
  link.className = 'download-link';
  if (status) status.replaceChildren(`${message === '' ? `Downloaded ${name}.` : message} `, link);
  link.click();
}

/**
 * The alert or status region of a form or download box: the element whose id is the
 * container's id and the suffix. The id is read as an attribute: on a form, `form.id` is the
 * control named `id` when it has one (a create form's "Id" field), not the form's id.
 *
 * @param {HTMLElement} container
 * @param {string} suffix
 * @returns {HTMLElement | null}
 */
function regionOf(container, suffix) {
  const id = container.getAttribute('id');
  return id ? document.getElementById(`${id}-${suffix}`) : null;
}

/**
 * @param {HTMLElement} container
 * @param {boolean} busy
 */
function setBusy(container, busy) {
  container.setAttribute('aria-busy', String(busy));
  for (const button of Array.from(container.querySelectorAll('button'))) {
    if (busy) button.setAttribute('aria-disabled', 'true');
    else button.removeAttribute('aria-disabled');
  }
}

/**
 * @param {HTMLElement | null} alert
 * @param {import('./problems.js').Problem} problem
 */
function showProblem(alert, problem) {
  if (!alert) return;
  renderProblem(alert, problem);
  alert.scrollIntoView({ block: 'nearest' });
}

/**
 * The form's API path with its `{field}` placeholders filled from the body, percent-encoded;
 * the fields used there leave the body (they name the object, they are not part of it).
 *
 * @param {string} template
 * @param {Record<string, unknown>} body
 * @returns {string}
 */
function apiPathOf(template, body) {
  const path = fillTemplate(template, body, true);
  for (const [, field] of template.matchAll(/\{([A-Za-z0-9_]+)\}/g)) if (field !== undefined) delete body[field];
  return path;
}

/**
 * @param {HTMLFormElement} form
 * @param {SubmitEvent} event
 */
async function submitForm(form, event) {
  event.preventDefault();
  if (form.getAttribute('aria-busy') === 'true') return;
  const alert = regionOf(form, 'alert');
  const status = regionOf(form, 'status');
  alert?.replaceChildren();
  status?.replaceChildren();
  const body = await formBody(form, /** @type {HTMLElement | null} */ (event.submitter));
  const required = dataOf(form).requireField;
  if (required && (getPath(body, required) === undefined || getPath(body, required) === '')) {
    showProblem(alert, { code: 'REQUEST_INVALID', detail: dataOf(form).requireMessage ?? `${required} is required.` });
    return;
  }
  if (dataOf(form).confirm && !window.confirm(dataOf(form).confirm)) return;
  setBusy(form, true);
  try {
    const result = await callApi(apiPathOf(dataOf(form).api ?? '', body), dataOf(form).method ?? 'POST', body);
    if (!result.ok) {
      showProblem(alert, result.problem);
      return;
    }
    afterSuccess(form, result.answer, status);
  } finally {
    setBusy(form, false);
  }
}

/**
 * @param {HTMLFormElement} form
 * @param {unknown} answer
 * @param {HTMLElement | null} status
 */
function afterSuccess(form, answer, status) {
  if (showSecondStep(form, answer)) return;
  const message = fillTemplate(dataOf(form).success ?? '', answer, false);
  switch (dataOf(form).then) {
    case 'navigate':
      if (message !== '') sessionStorage.setItem(FLASH_KEY, message);
      window.location.assign(fillTemplate(dataOf(form).navigate ?? '', answer, true));
      return;
    case 'download':
      offerDownload(
        getPath(answer, dataOf(form).downloadField ?? 'text'),
        fillTemplate(dataOf(form).downloadName ?? 'document.txt', answer, false),
        status,
        message,
      );
      // The page shows what the download changed: reload it once the file is on its way.
      if (dataOf(form).reload === 'true') reloadWith(message);
      return;
    case 'message':
      status?.replaceChildren(message);
      return;
    default:
      reloadWith(message);
  }
}

/**
 * A sign-in that asks for a second factor answers a challenge instead of a session: the form
 * named by `data-second-step` takes over, with the challenge in its hidden input.
 *
 * @param {HTMLFormElement} form
 * @param {unknown} answer
 * @returns {boolean} whether the second step was shown
 */
function showSecondStep(form, answer) {
  const id = dataOf(form).secondStep;
  const challenge = answer && typeof answer === 'object' && 'challenge' in answer ? answer.challenge : undefined;
  if (!id || typeof challenge !== 'string') return false;
  const next = document.getElementById(id);
  const input = next?.querySelector('input[name="challenge"]');
  if (!next || !(input instanceof HTMLInputElement)) return false;
  input.value = challenge;
  form.hidden = true;
  next.hidden = false;
  /** @type {HTMLInputElement | null} */ (next.querySelector('input[name="code"]'))?.focus();
  return true;
}

/**
 * Reloads the page, showing the message there.
 *
 * @param {string} message
 */
function reloadWith(message) {
  if (message !== '') sessionStorage.setItem(FLASH_KEY, message);
  window.location.reload();
}

/** @param {HTMLButtonElement} button */
async function download(button) {
  const container = /** @type {HTMLElement} */ (button.closest('.download') ?? button);
  const alert = regionOf(container, 'alert');
  const status = regionOf(container, 'status');
  alert?.replaceChildren();
  setBusy(container, true);
  try {
    const result = await callApi(button.dataset.downloadApi ?? '', button.dataset.method ?? 'GET');
    if (!result.ok) {
      showProblem(alert, result.problem);
      return;
    }
    offerDownload(
      getPath(result.answer, button.dataset.downloadField ?? 'text'),
      fillTemplate(button.dataset.downloadName ?? 'document.txt', result.answer, false),
      status,
      '',
    );
  } finally {
    setBusy(container, false);
  }
}

/** @param {HTMLButtonElement} button */
async function signOut(button) {
  await callApi(button.dataset.signOut ?? '/v1/auth/logout', 'POST');
  window.location.assign(button.dataset.afterSignOut ?? '/');
}

/** Keeps every countdown current, counting from the server's clock as the page was rendered. */
function startCountdowns() {
  const serverNow = Date.parse(document.querySelector('meta[name="airlock-now"]')?.getAttribute('content') ?? '');
  const offset = Number.isNaN(serverNow) ? 0 : serverNow - Date.now();
  const update = () => {
    for (const time of Array.from(document.querySelectorAll('time[data-countdown]'))) {
      const target = Date.parse(time.getAttribute('datetime') ?? '');
      if (!Number.isNaN(target)) time.textContent = describeCountdown(target, Date.now() + offset);
    }
  };
  update();
  setInterval(update, 15_000);
}

/** @param {HTMLInputElement} input */
function warnBelowUse(input) {
  const warning = document.getElementById(`${input.id}-warning`);
  if (!warning) return;
  const used = Number(input.dataset.used);
  const value = Number(input.value);
  warning.textContent =
    input.value !== '' && Number.isFinite(value) && value < used
      ? `Below the ${used} in use: the site will refuse this license until users are unassigned.`
      : '';
}

/** How long typing pauses before the suggestions are asked for. */
const LOOKUP_PAUSE_MS = 200;
/** How many suggestions a lookup field offers. */
const LOOKUP_SUGGESTIONS = 10;

/**
 * A field naming one item of a long list (`input[data-lookup]`, a customer among 100,000):
 * while the person types, the items whose name or id begins with the text are asked from the
 * API (`?q=…&limit=10`) into the field's `<datalist>`; once the field changes, the item typed is
 * read (`<lookup>/<id>`), and its name, or the API's refusal with its code, is shown beside the
 * field. An answer that arrives after a newer question is dropped.
 *
 * @param {HTMLInputElement} input
 */
function initLookup(input) {
  const lookup = input.dataset.lookup ?? '';
  const suggestions = document.getElementById(`${input.id}-options`);
  const found = document.getElementById(`${input.id}-found`);
  const refusal = document.getElementById(`${input.id}-refusal`);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let pause;
  let suggested = 0;
  let checked = 0;
  const suggest = async (/** @type {string} */ typed) => {
    const question = ++suggested;
    const result = await callApi(`${lookup}?limit=${LOOKUP_SUGGESTIONS}&q=${encodeURIComponent(typed)}`, 'GET');
    if (question !== suggested || !result.ok || !suggestions) return;
    const items = Array.isArray(result.answer?.items) ? /** @type {{ id: string, name?: string }[]} */ (result.answer.items) : [];
    suggestions.replaceChildren(
      ...items.map((item) => {
        const option = document.createElement('option');
        option.value = item.id;
        option.label = item.name ?? item.id;
        return option;
      }),
    );
  };
  const check = async () => {
    const typed = input.value.trim();
    const question = ++checked;
    found?.replaceChildren();
    refusal?.replaceChildren();
    if (typed === '') return;
    const result = await callApi(`${lookup}/${encodeURIComponent(typed)}`, 'GET');
    if (question !== checked || input.value.trim() !== typed) return;
    if (result.ok) found?.replaceChildren(`${result.answer?.name ?? typed} (${typed})`);
    else if (refusal) renderProblem(refusal, result.problem);
  };
  input.addEventListener('input', () => {
    if (pause !== undefined) clearTimeout(pause);
    found?.replaceChildren();
    refusal?.replaceChildren();
    const typed = input.value.trim();
    if (typed === '') {
      suggestions?.replaceChildren();
      return;
    }
    pause = setTimeout(() => void suggest(typed), LOOKUP_PAUSE_MS);
  });
  input.addEventListener('change', () => void check());
}

/** Shows what a form said before the page was reloaded or left. */
function showFlash() {
  const message = sessionStorage.getItem(FLASH_KEY);
  if (!message) return;
  sessionStorage.removeItem(FLASH_KEY);
  const main = document.getElementById('main');
  const heading = main?.querySelector('h1');
  if (!main || !heading) return;
  const flash = document.createElement('div');
  flash.className = 'form-status flash';
  flash.setAttribute('role', 'status');
  flash.textContent = message;
  heading.after(flash);
}

function start() {
  for (const form of Array.from(document.querySelectorAll('form[data-api]'))) {
    if (form instanceof HTMLFormElement) form.addEventListener('submit', (event) => void submitForm(form, /** @type {SubmitEvent} */ (event)));
  }
  document.addEventListener('click', (event) => {
    const target = event.target instanceof HTMLElement ? event.target.closest('button') : null;
    if (!(target instanceof HTMLButtonElement) || target.getAttribute('aria-disabled') === 'true') return;
    if (target.dataset.downloadApi !== undefined) void download(target);
    else if (target.dataset.signOut !== undefined) void signOut(target);
  });
  for (const input of Array.from(document.querySelectorAll('input[data-used]'))) {
    if (!(input instanceof HTMLInputElement)) continue;
    input.addEventListener('input', () => warnBelowUse(input));
    warnBelowUse(input);
  }
  for (const input of Array.from(document.querySelectorAll('input[data-lookup]'))) {
    if (input instanceof HTMLInputElement) initLookup(input);
  }
  startCountdowns();
  showFlash();
  initQrReaders(document);
  document.documentElement.dataset.airlockReady = 'true';
}

start();
