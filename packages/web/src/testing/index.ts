/** Test support for web apps built on the kit: a real browser, watched for errors, and screenshots. Never for production. */
export { CHROMIUM_PATH, launchBrowser, screenshot, screenshotsDir, viewports, type TestBrowser } from './browser.ts';
export { screenshotQrCodes, writeY4mOfQrCodes } from './qr-images.ts';
