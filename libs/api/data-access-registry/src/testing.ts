/** Test support of the registry's services (integration specs only; never imported by production code). */
export { randomEan, RegistryFixture } from './registry-fixture.testing';
