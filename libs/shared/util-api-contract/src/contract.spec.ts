import { describe, expect, it } from 'vitest';

import {
  COMMUNITY_TYPES as DOMAIN_COMMUNITY_TYPES,
  type CommunityType as DomainCommunityType,
} from '@sdilna/shared/domain-core';
import type {
  DocumentKind as DomainDocumentKind,
  MemberKind as DomainMemberKind,
} from '@sdilna/shared/domain-settlement';

import {
  COMMUNITY_TYPES,
  type CommunityType,
  type DocumentKind,
  halereFromMoneyText,
  kcFromHalere,
  kwhFromJson,
  kwhHundredthsOrNull,
  kwhToJson,
  type MemberKind,
  moneyText,
} from './index';

/** Compiles only when A and B are the same type (a drift between the domain's words and the contract's). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameWords: [
  Same<CommunityType, DomainCommunityType>,
  Same<MemberKind, DomainMemberKind>,
  Same<DocumentKind, DomainDocumentKind>,
] = [true, true, true];

describe('API contract', () => {
  it('names the same words as the domain', () => {
    expect(sameWords).toEqual([true, true, true]);
    expect([...COMMUNITY_TYPES]).toEqual([...DOMAIN_COMMUNITY_TYPES]);
  });

  it('carries energy as JSON kWh numbers of exact hundredths', () => {
    expect(kwhToJson(128)).toBe(1.28);
    expect(kwhToJson(-307)).toBe(-3.07);
    expect(kwhFromJson(1.28)).toBe(128);
    expect(() => kwhFromJson(0.1 + 0.2)).toThrow();
    expect(kwhHundredthsOrNull(null)).toBeNull();
    expect(kwhHundredthsOrNull(12.5)).toBe(1250);
    expect(() => kwhFromJson(1.234)).toThrow();
    for (const hundredths of [0, 1, 99, 100, 12_345, -1, 987_654_321]) {
      expect(kwhFromJson(kwhToJson(hundredths))).toBe(hundredths);
    }
  });

  it('carries money as text with two decimals of haléře', () => {
    expect(moneyText(123450)).toBe('1234.50');
    expect(moneyText(-5)).toBe('-0.05');
    expect(halereFromMoneyText('1234.50')).toBe(123450);
    expect(halereFromMoneyText('-0.05')).toBe(-5);
    expect(() => halereFromMoneyText('1,50')).toThrow();
    expect(() => halereFromMoneyText('1.505')).toThrow();
    expect(kcFromHalere(123450)).toBe(1234.5);
    for (const halere of [0, 1, 10, 100, 99_999, -123]) {
      expect(halereFromMoneyText(moneyText(halere))).toBe(halere);
    }
  });
});
