/** Test support for Airlock's packages: deterministic randomness and parties. Never for production. */
export { seededRandom } from './seeded-random.ts';
export { createTestAuthority, createTestParty, type TestAuthority, type TestParty } from './test-parties.ts';
export { buildSampleScenario, SAMPLE_NOW, type SampleDocument, type SampleScenario } from './sample-documents.ts';
/** The raw JOSE layers, to forge in tests what Airlock itself would never write (a signature by another key than the header names). */
export { encryptCompact, signCompact } from '../encoding/jose-compact.ts';
export { signUncheckedDocument } from './unchecked-document.ts';
