export { AllocationKeysException } from './allocation-keys.exception';
export type { AllocationKeysErrorCode } from './allocation-keys.exception';
export { AllocationKeysModule } from './allocation-keys.module';
export { AllocationKeysService } from './allocation-keys.service';
