/** Test support for Airlock's packages: deterministic randomness and parties. Never for production. */
export { seededRandom } from './seeded-random.ts';
export { createTestAuthority, createTestParty, type TestAuthority, type TestParty } from './test-parties.ts';
export { buildSampleScenario, SAMPLE_NOW, type SampleDocument, type SampleScenario } from './sample-documents.ts';
