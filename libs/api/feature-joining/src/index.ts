export { JoiningException } from './joining.exception';
export type { JoiningErrorCode } from './joining.exception';
export { JoiningModule } from './joining.module';
export { JoiningService } from './joining.service';
export { estimateYear, NewcomerEstimateService } from './newcomer-estimate.service';
export { OnboardingService } from './onboarding.service';
