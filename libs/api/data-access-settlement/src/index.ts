export { AccountingExportSettingsStore } from './accounting-export-settings-store';
export { DeliveryStore } from './delivery-store';
export type { DeliveryRecord, DeliveryStatus } from './delivery-store';
export { DocumentStore } from './document-store';
export type { DocumentFilter } from './document-store';
export { PaymentStore, paymentResponse, sideOf } from './payment-store';
export type { DocumentPaymentState, PaymentRecord, PaymentSourceKind } from './payment-store';
export { PriceListStore } from './price-list-store';
export { RechargeStore } from './recharge-store';
export type { RechargeDocumentRecord } from './recharge-store';
export type { NewPriceList, PriceListRecord } from './price-list-store';
export { SettlementDataModule } from './settlement-data.module';
export type {
  ComputeStatus,
  DataGapRecord,
  DocumentRecord,
  RunMemberRecord,
  RunRequestReason,
  RunStatus,
  SettlementRunRecord,
  SettlementSettingsRecord,
  TaxPointRule,
} from './settlement-records';
export { SettlementSettingsStore } from './settlement-settings-store';
export type { CommunityParty } from './settlement-settings-store';
export { SettlementSource } from './settlement-source';
export type { MemberParty, SettlementSourceData } from './settlement-source';
export { SettlementStore } from './settlement-store';
export { isNotRecomputed, SHARING_RECOMPUTE } from './sharing-recompute';
export type { NotRecomputedDetails, SharingRecompute } from './sharing-recompute';
