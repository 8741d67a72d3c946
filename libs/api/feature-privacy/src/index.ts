export { EXPORT_EXCLUDED, personColumnKind, personTables } from './person-tables';
export type { PersonColumnKind, PersonTable } from './person-tables';
export { PrivacyException } from './privacy.exception';
export type { PrivacyErrorCode } from './privacy.exception';
export { PrivacyModule } from './privacy.module';
export { PrivacyService, retainedUntil, TAX_DOCUMENT_RETENTION_YEARS } from './privacy.service';
export type { ConsentsView, ConsentView, ErasureView, PersonalDataExport } from './privacy.service';
