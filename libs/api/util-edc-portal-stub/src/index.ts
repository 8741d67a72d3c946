export { pairReportText, standardExportText } from './edc-exports';
export { EdcPortalStub } from './edc-portal-stub';
export type {
  EdcPortalStubOptions,
  StubBehaviour,
  StubExportRequest,
  StubExportSource,
} from './edc-portal-stub';
export { fileExportSource, scenarioExportSource } from './scenario-exports';
