import type {
  CommunityRole,
  CommunityType,
  CompletenessState,
  DocumentKind,
  EdcCalculation,
  EdcConnectorState,
  ImportIssueCode,
  ImportKind,
  ImportStatusValue,
  InvitationStatus,
  MemberKind,
  PointRole,
  SettlementStatus,
  SettlementWarningCode,
  ShownErrorCode,
  SourceKind,
} from '@sdilna/shared/util-api-contract';

import type { MessageKey } from './messages-cs';

/**
 * Every word of the API contract that the portal shows has a text: a word the API adds without one fails the
 * portal's typecheck here (instead of the page showing `importStatus.superseded`).
 */
type Covered<Prefix extends string, Word extends string> = `${Prefix}.${Word}` extends MessageKey
  ? true
  : never;

export const VOCABULARY_HAS_MESSAGES: readonly true[] = [
  true satisfies Covered<'settlementWarning', Exclude<SettlementWarningCode, 'PRICE_MISSING' | 'NOTE'>>,
  true satisfies Covered<'memberKind', MemberKind>,
  true satisfies Covered<'role', CommunityRole>,
  true satisfies Covered<'communityType', CommunityType>,
  true satisfies Covered<'pointRole', PointRole>,
  true satisfies Covered<'sourceKind', SourceKind>,
  true satisfies Covered<'documentKind', DocumentKind>,
  true satisfies Covered<'invitationStatus', InvitationStatus>,
  true satisfies Covered<'importStatus', ImportStatusValue>,
  true satisfies Covered<'importKind', ImportKind>,
  true satisfies Covered<'importCalculation', EdcCalculation>,
  true satisfies Covered<'settlementStatus', SettlementStatus>,
  true satisfies Covered<'completeness', CompletenessState>,
  true satisfies Covered<'edc.state', EdcConnectorState>,
  true satisfies Covered<'error', ShownErrorCode>,
  // every problem an import records is told by its code, never by the API's English text
  true satisfies Covered<'importIssue.code', ImportIssueCode>,
];
