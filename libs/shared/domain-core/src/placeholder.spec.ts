import { describe, expect, it } from 'vitest';
import { DOMAIN_CORE_PLACEHOLDER } from '@sdilna/shared/domain-core';
describe('placeholder', () => { it('resolves path aliases', () => { expect(DOMAIN_CORE_PLACEHOLDER).toBe(1); }); });
