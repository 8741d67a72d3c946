import { Module } from '@nestjs/common';

import { AllocationKeysController } from './allocation-keys.controller';
import { AllocationKeysService } from './allocation-keys.service';

@Module({ controllers: [AllocationKeysController], providers: [AllocationKeysService] })
export class AllocationKeysModule {}
