export { HealthModule } from './health.module';
export type { HealthReport } from './health.service';
