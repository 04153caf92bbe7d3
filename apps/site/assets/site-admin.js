// @ts-check
/* global document, navigator, window, HTMLElement, HTMLButtonElement */
/**
 * The site admin's own script, beside the kit's (airlock.js), served from the site's origin:
 * buttons that copy a text on the page (a Registration Key) to the clipboard. Where the
 * browser offers no clipboard (plain HTTP to another machine), the text is selected instead,
 * for the person to copy with the keyboard.
 */

/**
 * @param {HTMLElement} element
 */
function select(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

/**
 * @param {HTMLButtonElement} button
 */
async function copy(button) {
  const target = document.getElementById(button.dataset.copy ?? '');
  if (!target) return;
  const status = document.getElementById(`${target.id}-copied`);
  const text = (target.textContent ?? '').trim();
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    if (status) status.textContent = `Copied ${text}.`;
  } catch {
    select(target);
    if (status) status.textContent = 'Selected: press Ctrl+C (or ⌘C) to copy.';
  }
}

document.addEventListener('click', (event) => {
  const button = event.target instanceof HTMLElement ? event.target.closest('button[data-copy]') : null;
  if (button instanceof HTMLButtonElement) void copy(button);
});
