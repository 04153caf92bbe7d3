// @ts-check
/* global document, navigator, createImageBitmap, setTimeout, HTMLInputElement, HTMLButtonElement, HTMLTextAreaElement, HTMLVideoElement, Event */
/**
 * Reads a document from its QR codes, in the browser: from images (photos or screenshots,
 * several codes per image are found) or from the camera, chunk by chunk in any order, until
 * the document is whole; then puts it in the form's text field. Decoding is `jsQR`, loaded by
 * the page from the app's own origin.
 */
import { assembleQrChunks, parseQrChunk } from './qr-chunks.js';
import { renderProblem } from './problems.js';

/** @typedef {{ x: number, y: number }} Point */
/** @typedef {{ data: string, location: { topLeftCorner: Point, topRightCorner: Point, bottomRightCorner: Point, bottomLeftCorner: Point } }} QrResult */
/** @typedef {(data: Uint8ClampedArray, width: number, height: number, options?: { inversionAttempts?: string }) => QrResult | null} JsQr */

/** Codes looked for in one image before giving up on finding more. */
const MAX_CODES_PER_IMAGE = 24;
/** How often a camera frame is read. */
const CAMERA_FRAME_MS = 200;

/** @returns {JsQr} */
function jsQr() {
  const decoder = /** @type {{ jsQR?: JsQr }} */ (/** @type {unknown} */ (globalThis)).jsQR;
  if (typeof decoder !== 'function') throw new Error('the QR decoder did not load');
  return decoder;
}

/**
 * Every QR code in a picture: each one found is painted over and the picture read again.
 *
 * @param {CanvasRenderingContext2D} context
 * @param {number} width
 * @param {number} height
 * @returns {string[]}
 */
export function readCodes(context, width, height) {
  /** @type {string[]} */
  const found = [];
  for (let attempt = 0; attempt < MAX_CODES_PER_IMAGE; attempt++) {
    const pixels = context.getImageData(0, 0, width, height);
    const result = jsQr()(pixels.data, width, height, { inversionAttempts: 'attemptBoth' });
    if (!result) break;
    found.push(result.data);
    const { topLeftCorner: a, topRightCorner: b, bottomRightCorner: c, bottomLeftCorner: d } = result.location;
    context.fillStyle = '#808080';
    context.beginPath();
    context.moveTo(a.x, a.y);
    context.lineTo(b.x, b.y);
    context.lineTo(c.x, c.y);
    context.lineTo(d.x, d.y);
    context.closePath();
    context.fill();
    // The finder patterns stick out of the corners jsQR reports: cover a margin around them too.
    context.lineWidth = Math.max(8, Math.hypot(b.x - a.x, b.y - a.y) / 6);
    context.strokeStyle = '#808080';
    context.stroke();
  }
  return found;
}

/**
 * @param {Blob} image
 * @returns {Promise<string[]>}
 */
async function readImage(image) {
  const bitmap = await createImageBitmap(image);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('this browser cannot read images');
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  return readCodes(context, canvas.width, canvas.height);
}

/**
 * The parts of one reader: where the text goes, where progress and refusals are shown.
 *
 * @param {HTMLElement} control an element inside the reader
 * @param {string} into the id of the text field
 */
function partsOf(control, into) {
  const reader = /** @type {HTMLElement | null} */ (control.closest('[data-qr-reader]'));
  const field = document.getElementById(into);
  const form = control.closest('form');
  // The attribute, not `form.id`: a control named `id` would stand in for the property.
  const formId = form?.getAttribute('id');
  const alert = formId ? document.getElementById(`${formId}-alert`) : null;
  const progress = reader?.querySelector('.qr-progress') ?? null;
  return { reader, field: field instanceof HTMLTextAreaElement ? field : null, alert, progress };
}

/**
 * @param {HTMLTextAreaElement | null} field
 * @param {string} text
 */
function fill(field, text) {
  if (!field) return;
  field.value = text;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/** @param {HTMLInputElement} input */
async function readImages(input) {
  const into = input.dataset.qrImages ?? '';
  const { field, alert, progress } = partsOf(input, into);
  alert?.replaceChildren();
  const files = Array.from(input.files ?? []);
  if (files.length === 0) return;
  if (progress) progress.textContent = `Reading ${files.length} image${files.length === 1 ? '' : 's'}…`;
  /** @type {string[]} */
  const codes = [];
  /** @type {string[]} */
  const empty = [];
  for (const file of files) {
    const read = await readImage(file).catch(() => /** @type {string[]} */ ([]));
    if (read.length === 0) empty.push(file.name);
    codes.push(...read);
  }
  if (empty.length > 0 && alert) {
    renderProblem(alert, {
      code: 'QR_NOT_FOUND',
      detail: 'No QR code could be read in some images: take them again, sharp and whole.',
      errors: { images: empty },
    });
    if (progress) progress.textContent = '';
    return;
  }
  const joined = assembleQrChunks(codes);
  if (!joined.ok) {
    if (alert) renderProblem(alert, { code: joined.code, detail: joined.message, errors: joined.detail });
    if (progress) progress.textContent = '';
    return;
  }
  fill(field, joined.text);
  if (progress)
    progress.textContent = `Read ${joined.total} QR code${joined.total === 1 ? '' : 's'}: the document is complete (${joined.text.length} characters).`;
}

/** @typedef {{ stream: MediaStream, stopped: boolean, codes: Map<number, string>, checksum: string, finish?: () => void }} CameraSession */

/** The camera session of each reader, by the id of its text field. @type {Map<string, CameraSession>} */
const sessions = new Map();

/** @param {HTMLButtonElement} button */
async function startCamera(button) {
  const into = button.dataset.qrCamera ?? '';
  const { reader, field, alert, progress } = partsOf(button, into);
  const video = reader?.querySelector('video');
  const stop = /** @type {HTMLButtonElement | null} */ (reader?.querySelector('[data-qr-camera-stop]') ?? null);
  if (!(video instanceof HTMLVideoElement) || sessions.has(into)) return;
  alert?.replaceChildren();
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch (error) {
    if (alert)
      renderProblem(alert, {
        code: 'CAMERA_UNAVAILABLE',
        detail: 'The camera could not be used: allow it in the browser, or read the codes from images.',
        errors: { reason: error instanceof Error ? error.message : String(error) },
      });
    return;
  }
  /** @type {CameraSession} */
  const session = { stream, stopped: false, codes: new Map(), checksum: '' };
  sessions.set(into, session);
  video.srcObject = stream;
  video.hidden = false;
  button.hidden = true;
  if (stop) stop.hidden = false;
  if (progress) progress.textContent = 'Point the camera at the codes, one after the other.';
  await video.play();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const finish = () => {
    session.stopped = true;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
    video.hidden = true;
    button.hidden = false;
    if (stop) stop.hidden = true;
    sessions.delete(into);
  };
  session.finish = finish;
  const scan = () => {
    if (session.stopped || !context) return;
    if (video.videoWidth > 0) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0);
      for (const code of readCodes(context, canvas.width, canvas.height)) {
        const parsed = parseQrChunk(code);
        if (!parsed.ok) continue;
        // The first document seen is the one read; codes of another are left aside.
        if (session.checksum === '') session.checksum = parsed.chunk.checksum;
        if (parsed.chunk.checksum !== session.checksum) continue;
        session.codes.set(parsed.chunk.index, code);
        const joined = assembleQrChunks([...session.codes.values()]);
        if (joined.ok) {
          fill(field, joined.text);
          if (progress)
            progress.textContent = `Read ${joined.total} QR code${joined.total === 1 ? '' : 's'}: the document is complete (${joined.text.length} characters).`;
          finish();
          return;
        }
        if (progress) progress.textContent = `Read ${session.codes.size} of ${parsed.chunk.total} codes…`;
      }
    }
    setTimeout(scan, CAMERA_FRAME_MS);
  };
  scan();
}

/**
 * Wires every QR reader under `root`.
 *
 * @param {ParentNode} root
 */
export function initQrReaders(root) {
  for (const input of Array.from(root.querySelectorAll('input[data-qr-images]'))) {
    if (input instanceof HTMLInputElement) input.addEventListener('change', () => void readImages(input));
  }
  for (const button of Array.from(root.querySelectorAll('button[data-qr-camera]'))) {
    if (button instanceof HTMLButtonElement) button.addEventListener('click', () => void startCamera(button));
  }
  for (const button of Array.from(root.querySelectorAll('button[data-qr-camera-stop]'))) {
    if (!(button instanceof HTMLButtonElement)) continue;
    button.addEventListener('click', () => {
      const session = sessions.get(button.dataset.qrCameraStop ?? '');
      session?.finish?.();
    });
  }
}
