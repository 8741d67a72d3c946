import { CreateApplicationRole1795400000000 } from './1795400000000-create-application-role';
import { CreateIdentityAndCommunities1795400100000 } from './1795400100000-create-identity-and-communities';
import { CreateRegistry1795400200000 } from './1795400200000-create-registry';
import { CreateImportsAndReadings1795500000000 } from './1795500000000-create-imports-and-readings';
import { CreateSettlement1795600000000 } from './1795600000000-create-settlement';
import { StoreReadingValuesAsBytea1795700000000 } from './1795700000000-store-reading-values-as-bytea';
import { AnswerHotReadsInOneStatement1795800000000 } from './1795800000000-answer-hot-reads-in-one-statement';
import { DefineALiveSessionOnce1795900000000 } from './1795900000000-define-a-live-session-once';
import { RecordIterationRequestsOfSharingGroups1796000000000 } from './1796000000000-record-iteration-requests-of-sharing-groups';
import { BackfillIterationRequestsFromIterativeKeys1796000100000 } from './1796000100000-backfill-iteration-requests-from-iterative-keys';
import { DropRoundsOfAllocationKeys1796000200000 } from './1796000200000-drop-rounds-of-allocation-keys';
import { StoreEdcPairsAndCalculations1796100000000 } from './1796100000000-store-edc-pairs-and-calculations';
import { CreateEdcConnector1796200000000 } from './1796200000000-create-edc-connector';
import { CancelADocumentOnce1796300000000 } from './1796300000000-cancel-a-document-once';
import { AddTwoFactorSignIn1796300100000 } from './1796300100000-add-two-factor-sign-in';
import { LetTheApplicationReadAppliedMigrations1796400000000 } from './1796400000000-let-the-application-read-applied-migrations';
import { StoreTheEngineRuns1796700000000 } from './1796700000000-store-the-engine-runs';
import { StoreReadingValuesAsDeltaFrames1796720000000 } from './1796720000000-store-reading-values-as-delta-frames';
import { RememberTheLanguageOfAUser1796730000000 } from './1796730000000-remember-the-language-of-a-user';
import { MarkStaleMonths1796750000000 } from './1796750000000-mark-stale-months';
import { RebillRevisedMonths1796760000000 } from './1796760000000-rebill-revised-months';
import { AuditEveryStep1796770000000 } from './1796770000000-audit-every-step';
import { SettleIncompleteMonthsOnPurpose1796800000000 } from './1796800000000-settle-incomplete-months-on-purpose';
import { RecordVatStatuses1796950000000 } from './1796950000000-record-vat-statuses';
import { StoreAccountingExportSettings1797000000000 } from './1797000000000-store-accounting-export-settings';
import { DeliverDocumentsByMail1797050000000 } from './1797050000000-deliver-documents-by-mail';
import { ConnectCommunityStripeAccounts1797050100000 } from './1797050100000-connect-community-stripe-accounts';
import { TrackPaymentsOfDocuments1797100000000 } from './1797100000000-track-payments-of-documents';
import { OpenCommunitiesToJoinRequests1797200000000 } from './1797200000000-open-communities-to-join-requests';
import { RecordConsents1797250000000 } from './1797250000000-record-consents';
import { DeclareEnterpriseSizeAndLocality1797250100000 } from './1797250100000-declare-enterprise-size-and-locality';
import { NotifyOfAlerts1797250200000 } from './1797250200000-notify-of-alerts';
import { ErasePersonalData1797250300000 } from './1797250300000-erase-personal-data';
import { NoteManualPayments1797350000000 } from './1797350000000-note-manual-payments';
import { ShareSignInLimits1797450000000 } from './1797450000000-share-sign-in-limits';
import { StoreAPointDayInOneRow1797600000000 } from './1797600000000-store-a-point-day-in-one-row';

/** Every migration, oldest first. A migration is never edited after it lands; add a new one instead. */
export const MIGRATIONS = [
  CreateApplicationRole1795400000000,
  CreateIdentityAndCommunities1795400100000,
  CreateRegistry1795400200000,
  CreateImportsAndReadings1795500000000,
  CreateSettlement1795600000000,
  StoreReadingValuesAsBytea1795700000000,
  AnswerHotReadsInOneStatement1795800000000,
  DefineALiveSessionOnce1795900000000,
  RecordIterationRequestsOfSharingGroups1796000000000,
  BackfillIterationRequestsFromIterativeKeys1796000100000,
  DropRoundsOfAllocationKeys1796000200000,
  StoreEdcPairsAndCalculations1796100000000,
  CreateEdcConnector1796200000000,
  CancelADocumentOnce1796300000000,
  AddTwoFactorSignIn1796300100000,
  LetTheApplicationReadAppliedMigrations1796400000000,
  StoreTheEngineRuns1796700000000,
  StoreReadingValuesAsDeltaFrames1796720000000,
  RememberTheLanguageOfAUser1796730000000,
  MarkStaleMonths1796750000000,
  RebillRevisedMonths1796760000000,
  AuditEveryStep1796770000000,
  SettleIncompleteMonthsOnPurpose1796800000000,
  RecordVatStatuses1796950000000,
  StoreAccountingExportSettings1797000000000,
  DeliverDocumentsByMail1797050000000,
  ConnectCommunityStripeAccounts1797050100000,
  TrackPaymentsOfDocuments1797100000000,
  OpenCommunitiesToJoinRequests1797200000000,
  RecordConsents1797250000000,
  DeclareEnterpriseSizeAndLocality1797250100000,
  NotifyOfAlerts1797250200000,
  ErasePersonalData1797250300000,
  NoteManualPayments1797350000000,
  ShareSignInLimits1797450000000,
  StoreAPointDayInOneRow1797600000000,
];

export { deltaFrameHelpers } from './1796720000000-store-reading-values-as-delta-frames';
