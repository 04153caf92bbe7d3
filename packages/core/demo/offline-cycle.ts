/**
 * A complete offline licensing cycle in one process, on the core alone: the authority approves
 * a customer and issues an enablement token; the site installs it and writes a License File
 * Request; the authority checks it and issues an Offline License File; the site refuses a
 * reduction below its use, then installs the file. Every document is printed as the text file
 * a person would carry across the air gap. Run it with `npm start`.
 */
import { randomBytes } from 'node:crypto';
import {
  certifyKey,
  checkEnablementToken,
  checkOlfInstall,
  cycleStatus,
  days,
  deriveRegistrationKey,
  generateKeyPair,
  initialCycleState,
  issueEnablementToken,
  issueLicenseFileRequest,
  issueOfflineLicenseFile,
  licensingPolicy,
  openEnablementToken,
  openLicenseFileRequest,
  openOfflineLicenseFile,
  recordLfr,
  siteLicenseStatus,
  type Outcome,
  type Random,
  type SiteEntitlement,
} from '../src/index.ts';
import { checkAllocation, checkLfrAcceptance, checkOlfDates, checkTokenDownload, newDocumentId, quantitiesBelowUse, utcDate } from '../src/internal.ts';

const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };
const now = new Date();
const policy = licensingPolicy();
const say = (line: string) => console.log(line);
const show = (title: string, text: string) => {
  const lines = text.trimEnd().split('\n');
  say(`\n  ${title} (${text.length} characters):\n    ${lines.slice(0, 2).join('\n    ')}\n    …\n    ${lines.at(-1)}`);
};
function must<T>(step: string, outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`${step}: ${outcome.code} ${JSON.stringify(outcome.detail)}`);
  say(`  ✓ ${step}`);
  return outcome.value;
}

say('Authority: creating a root key, and certifying a signing key and an encryption key under it.');
const root = generateKeyPair('Ed25519', random);
const signingKey = generateKeyPair('Ed25519', random);
const encryptionKey = generateKeyPair('X25519', random);
const validity = { notBefore: now, notAfter: new Date(now.getTime() + days(365)), now };
const signer = { key: signingKey, certificate: await certifyKey(root, signingKey.publicJwk, { use: 'sig', ...validity }) };
const encryptionCertificate = await certifyKey(root, encryptionKey.publicJwk, { use: 'enc', ...validity });
const trust = { root: root.publicJwk };

say('\nSite: installed with its own keys; it pins the authority root key.');
const site = {
  guid: newDocumentId(random),
  tenant: 'default',
  version: '41.2',
  signingKey: generateKeyPair('Ed25519', random),
  encryptionKey: generateKeyPair('X25519', random),
};
say(`  GUID ${site.guid}, Registration Key ${deriveRegistrationKey({ siteGuid: site.guid, tenantId: site.tenant, siteKeyThumbprint: site.signingKey.kid })}`);

say('\nF1 — the vendor approved the customer for offline licensing; the customer downloads a token.');
must('the customer is approved', checkTokenDownload({ offlineApproval: 'approved' }));
const token = await issueEnablementToken(
  {
    customerId: 'acme',
    siteGuid: site.guid,
    lifetime: policy.enablementTokenTtl,
    minimumSiteVersion: '40',
    authorityEncryptionKey: encryptionCertificate,
    cycleWindows: { fromFirstLfr: policy.cycleWindowFromFirstLfr, fromLatestLfr: policy.cycleWindowFromLatestLfr },
  },
  { now, random, signer },
);
show('Enablement token', token.text);
const opened = await openEnablementToken(token.text, { now, siteGuid: site.guid, trust });
must(
  'the site installs the token (signature chain, this GUID, within 24 h, version ≥ 40)',
  checkEnablementToken(
    { id: opened.claims.jti, siteGuid: opened.claims.siteGuid, issuedAt: new Date(opened.claims.iat * 1000) },
    { now, siteGuid: site.guid, siteVersion: site.version, policy },
  ),
);

say('\nF2 — the site opens a cycle with a License File Request.');
const assignedUsers = { 'bot-runner': ['ada', 'grace', 'linus'], 'bot-creator': ['edsger'] };
const lfrId = newDocumentId(random);
let cycle = recordLfr(initialCycleState, { id: lfrId, at: now }, policy);
const lfr = await issueLicenseFileRequest(
  {
    enablementToken: opened.claims,
    tenant: site.tenant,
    siteVersion: site.version,
    siteEncryptionKey: site.encryptionKey.publicJwk,
    cycle: cycle.cycle,
    sequence: cycle.open!.sequence,
    cycleOpenedAt: cycle.open!.firstLfrAt,
    installed: null,
    usage: {
      seats: Object.entries(assignedUsers).map(([type, users]) => ({ type, users })),
      meters: [{ type: 'bot-runs', total: 0 }],
      ledger: { sequence: 0, head: '0'.repeat(64) },
    },
  },
  { now, random, signer: site.signingKey, trust, id: lfrId },
);
show('License File Request', lfr.text);
const status = cycleStatus(cycle, now, policy);
say(
  `  cycle ${status.cycle} is ${status.status}: install by ${status.deadlines?.installBefore.toISOString()}, the site locks at ${status.deadlines?.locksAt.toISOString()}`,
);

say('\nAuthority: the customer uploads the LFR.');
const request = await openLicenseFileRequest(lfr.text, { now, rootKid: root.kid, encryptionKey });
must(
  'the LFR is accepted (registered GUID, known key, newest, never used)',
  checkLfrAcceptance(
    {
      id: request.claims.jti,
      siteGuid: request.claims.siteGuid,
      siteKeyThumbprint: request.signerKid,
      cycle: request.claims.cycle,
      sequence: request.claims.sequence,
    },
    { registeredSiteGuids: [site.guid], siteKeyThumbprint: null, latestSeen: null, lfrUsed: false },
  ),
);
say(`  usage reported: ${request.claims.usage.seats.map((seat) => `${seat.type} ${seat.used}`).join(', ')}`);

const configure = async (runners: number) => {
  const entitlements: SiteEntitlement[] = [
    { type: 'bot-runner', category: 'seat', quantity: runners },
    { type: 'bot-creator', category: 'seat', quantity: 2 },
  ];
  const requested = Object.fromEntries(entitlements.map((e) => [e.type, e.quantity]));
  const dates = { startsOn: utcDate(now), endsOn: utcDate(new Date(now.getTime() + days(364))) };
  must('dates: starts today, ends within the account', checkOlfDates(dates, { now, accountEndsOn: utcDate(new Date(now.getTime() + days(365))) }));
  must(
    'quantities: within what the customer bought across its sites',
    checkAllocation({ requested, heldByOtherSites: [{ 'bot-runner': 4 }], purchased: { 'bot-runner': 10, 'bot-creator': 2 } }),
  );
  for (const warning of quantitiesBelowUse(requested, Object.fromEntries(request.claims.usage.seats.map((s) => [s.type, s.used])))) {
    say(`  ! warning: ${warning.type} set to ${warning.requested}, below the ${warning.used} in use`);
  }
  return issueOfflineLicenseFile(request, { start: dates.startsOn, end: dates.endsOn, entitlements }, { now, random, signer });
};

say('\nThe customer first configures 2 Bot Runners…');
const reduced = await configure(2);
show('Offline License File', reduced.text);
const install = async (text: string) => {
  const olf = await openOfflineLicenseFile(text, { now, trust, siteEncryptionKey: site.encryptionKey, siteGuid: site.guid, tenant: site.tenant });
  const seatLimits = Object.fromEntries(olf.claims.entitlements.map((e) => [e.type, e.quantity]));
  return {
    olf,
    outcome: checkOlfInstall(
      { siteGuid: olf.claims.siteGuid, tenant: olf.claims.tenant, answersLfrId: olf.claims.lfrId, seatLimits },
      { siteGuid: site.guid, tenant: site.tenant, now, policy, cycle, assignedUsers },
    ),
  };
};
const refused = await install(reduced.text);
if (!refused.outcome.ok) say(`  ✗ the site refuses it: ${refused.outcome.code} ${JSON.stringify(refused.outcome.detail)}`);

say('\n…then, seeing the refusal, 6 Bot Runners from a new OLF for the same LFR.');
const { olf, outcome } = await install((await configure(6)).text);
cycle = must('the site installs the OLF: the cycle is complete', outcome);
const licensed = siteLicenseStatus({ now, license: { startsOn: olf.claims.start, endsOn: olf.claims.end }, cycle, tampered: false, policy });
if (licensed.ok)
  say(
    `\nSite license: ${licensed.value.status} until ${licensed.value.license?.expiresAt.toISOString()}; ${olf.claims.entitlements.map((e) => `${e.type} ${e.quantity}`).join(', ')}.`,
  );
